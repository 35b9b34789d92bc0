"""Helpers of the REST API tests."""


def new_conversation(rest, auth, *, email="paula@example.net", name="Paula", text="Hi") -> dict:
    response = rest.post(
        "/api/v1/conversations",
        headers=auth,
        json={"contact": {"email": email, "name": name}, "message": text},
    )
    assert response.status_code == 201, response.text
    return response.json()
