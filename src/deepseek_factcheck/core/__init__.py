"""What every layer uses: where the book's folders are (:mod:`.paths`), the curated tables in
``data/`` validated on load (:mod:`.tables`), numbers and lists in prose (:mod:`.text`),
article text and tables as inert HTML (:mod:`.markup`), and the offline chart pipeline
(:mod:`.charts`); what a chapter read, for the build (:mod:`.reads`), and values kept on
disk between processes (:mod:`.memo`). It imports nothing else of the package."""

from . import reads as _reads

# When the build executes a chapter and asks what it reads (the environment names a file),
# record from the first import of the package on: every module that reads a file imports core.
_reads.start()
