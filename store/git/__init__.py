"""The git gateway: the only code in Council that runs git or reads git's objects.

- :mod:`~store.git.process`: running git (:func:`git`, :func:`run`, streams),
  setting up a store's repository;
- :mod:`~store.git.batch`: ``git cat-file --batch`` readers;
- :mod:`~store.git.revs`: revision resolution, ancestry, merge bases;
- :mod:`~store.git.commits`: the one commit model and ``git log`` parser;
- :mod:`~store.git.objects`, :mod:`~store.git.trees`, :mod:`~store.git.refs`:
  writing blobs, trees and commits, and the compare-and-swap of the branch;
- :mod:`~store.git.bundles`, :mod:`~store.git.sshsig`: bundle files and the
  ``ssh-keygen`` signatures git checks.

It imports nothing else from ``store/`` (only the standard library, gitdb
and ``council.errors``), so the store's rooms can all depend on it and it
on none of them.  Crash points are passed in as a hook (see
:mod:`store.git.objects`).  Import the submodule you need
(``from store.git import refs``; ``refs.move_branch(...)``): each name has
one home, which is also where a test patches it.
"""
