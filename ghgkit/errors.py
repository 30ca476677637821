"""Exception types that carry the place of a mistake and a hint to fix it.

Every user mistake raised by ghgkit is a :class:`GhgkitError`. The command line
prints ``str(err)`` (place, message, hint) in one or two lines and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file and, inside it, a sheet and cell or a line."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.sheet and self.cell:
            parts.append(f"{self.sheet}!{self.cell}")
        elif self.sheet:
            parts.append(self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ":".join(parts)


class GhgkitError(Exception):
    """Root of all user-facing errors.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    location : Location or str, optional
        Where (file, sheet, cell or CSV line).
    hint : str, optional
        How to fix it.
    """

    def __init__(self, message: str, *, location: Location | str | None = None,
                 hint: str | None = None):
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        loc = str(self.location) if self.location else ""
        text = f"{loc}: {self.message}" if loc else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def at(self, location: Location | str) -> "GhgkitError":
        """Return a copy of this error placed at *location* (when it had none)."""
        if self.location:
            return self
        return type(self)(self.message, location=location, hint=self.hint)


class UnitError(GhgkitError):
    """A unit string that cannot be parsed, or is ambiguous."""


class UnitMismatchError(GhgkitError):
    """A unit whose dimension does not fit what it is used for."""


class FactorError(GhgkitError):
    """A factor table row that is invalid, or a factor that cannot be found."""


class InputError(GhgkitError):
    """Activity data or settings that cannot be used."""


class SettingsError(InputError):
    """A missing or invalid setting."""


class GwpError(GhgkitError):
    """An unknown GWP set or gas, or two GWP sets mixed."""


class OutputError(GhgkitError):
    """An output that cannot be written (permission, a file used as a folder, a full disk)."""
