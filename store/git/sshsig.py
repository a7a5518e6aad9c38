"""``ssh-keygen -Y``: the SSH signatures git makes and checks with ``gpg.format=ssh``.

Only the calls to ``ssh-keygen`` live here; what is signed, and whose key
counts, is decided in :mod:`store.write.signing`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from store.git.process import Finished


def sign(data: bytes, key: Path, namespace: str) -> Finished:
    """``ssh-keygen -Y sign``: an armored signature over ``data`` on stdout; never prompts."""
    return subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", str(key)],
                          input=data, capture_output=True, env={**os.environ, "SSH_ASKPASS_REQUIRE": "never"})


def verify(payload: bytes, signature: Path, allowed: Path, principal: str, namespace: str,
           stamp: str) -> Finished:
    """``ssh-keygen -Y verify`` of ``signature`` over ``payload``, as of ``stamp`` (YYYYmmddHHMMSSZ)."""
    return subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", namespace,
                           "-s", str(signature), f"-Overify-time={stamp}"], input=payload, capture_output=True)
