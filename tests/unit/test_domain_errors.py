"""Every refusal a service gives is a DomainError, so adapters never catch a bare ValueError
(which a bug raises too) to show its text to a person."""

import importlib
import inspect
import pkgutil

import inbox_app.services
from inbox_app.services.errors import DomainError


def _service_exceptions():
    prefix = "inbox_app.services."
    for module_info in pkgutil.walk_packages(inbox_app.services.__path__, prefix):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            public = not value.__name__.startswith("_")  # private control flow stays inside
            if public and issubclass(value, Exception) and value.__module__ == module.__name__:
                yield value


def test_there_are_errors_to_check():
    assert len(list(_service_exceptions())) >= 15


def test_every_service_error_is_a_domain_error():
    assert [e.__name__ for e in _service_exceptions() if not issubclass(e, DomainError)] == []
