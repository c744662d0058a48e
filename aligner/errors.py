"""One exception tree. Every message names the file (when there is one) and says the fix."""

from __future__ import annotations


class AlignerError(Exception):
    """Base of every error the library raises for bad input or configuration."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(AlignerError):
    """A document, glossary or pair file cannot be read or makes no sense."""


class ConfigError(AlignerError):
    """Options contradict each other or name something that is not installed."""


class BackendUnavailable(ConfigError):
    """A similarity backend was asked for but its package or model is missing."""
