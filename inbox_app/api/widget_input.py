"""The base of every widget request body: text made storable before any rule sees it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

from inbox_app.services.clean_text import clean_values


class WidgetInput(BaseModel):
    """Strings anywhere in the body lose NUL characters and lone surrogates (see clean_text):
    one visitor's odd byte must never fail the statement that stores others' messages too."""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return clean_values(data)
