"""Council: the books of a joint oversight council, kept in git.

This package is the domain: record kinds, the file format, the rules (pure
functions) and the Typer CLI.  It never imports Textual or the store at module
level.
"""

__version__ = "0.1.0"
