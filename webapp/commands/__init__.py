"""Sub-commands of `verbatim`, one module each; every module exposes `register(subparsers)`."""
