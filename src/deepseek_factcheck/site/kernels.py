"""The chapters' Jupyter kernels talk to the build over IPC (Unix sockets), not TCP.

myst-nb executes each chapter through jupyter-cache and nbclient, which start an ipykernel
with a ``KernelManager`` made with no configuration of ours; over TCP, ipykernel warns at
every start ("Kernel is running over TCP without encryption ... Use IPC transport"), once per
chapter. :func:`use_ipc_kernels`, called by the book's Sphinx extension, makes nbclient's
default kernel manager :class:`IPCKernelManager`, so a plain ``jupyter-book build .`` gets it
too. No port is opened: the sockets are files in Jupyter's runtime folder (private to the
user), named with an absolute path because the kernel runs in the chapter's folder and the
build in the book's; jupyter_client removes them when the kernel stops.
"""

from __future__ import annotations

import os
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from traitlets import CaselessStrEnum, default


class IPCKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with IPC as its default transport."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        folder = jupyter_runtime_dir()
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return os.path.join(folder, f"kernel-{uuid.uuid4().hex[:12]}-ipc")  # + "-<n>" per socket


def _ipc_kernel_manager_class(client) -> type:
    return IPCKernelManager


def use_ipc_kernels() -> None:
    """Make :class:`IPCKernelManager` nbclient's default kernel manager, in this process."""
    from nbclient import NotebookClient

    # nbclient's default is a dynamic default method (``@default("kernel_manager_class")``),
    # which traitlets looks up on the class each time a client is made.
    NotebookClient._kernel_manager_class_default = _ipc_kernel_manager_class
