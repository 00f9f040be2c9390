from resugrow_domain import FieldError, InvalidInput, NotFound, TooLarge


def test_field_shortcut_becomes_one_field_error() -> None:
    err = InvalidInput("Email is not valid.", field="resume.basics.email")
    assert [e.path() for e in err.errors] == [["resume", "basics", "email"]]
    assert str(err) == "Email is not valid."


def test_row_and_column_locate_import_errors() -> None:
    err = TooLarge("Too many rows.", errors=[FieldError(msg="x", row=3, column="Company")], limit=1000)
    assert err.errors[0].path() == [3, "Company"]
    assert err.extra == {"limit": 1000}
    assert isinstance(err, InvalidInput)


def test_list_indices_are_ints() -> None:
    assert FieldError(msg="x", field="items.2.to").path() == ["items", 2, "to"]
    assert not NotFound("gone").errors
