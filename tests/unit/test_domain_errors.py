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


def test_a_refusal_is_said_in_the_agents_language_and_stays_english_for_the_api():
    from inbox_app.services.team.groups import GroupError

    refusal = GroupError("A group named {name} exists already.", name="Support")
    assert str(refusal) == "A group named Support exists already."  # the API's, the logs'
    assert refusal.said("de") == "Eine Gruppe namens Support gibt es schon."
    assert refusal.said("en") == str(refusal)
    unmarked = GroupError("A text nobody translated {x}", x=1)
    assert unmarked.said("de") == "A text nobody translated 1"
