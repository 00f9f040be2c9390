"""Inputs of the gateway's use cases (the API imports these as its request models, never the reverse).

Passwords and tokens are `SecretStr`: never echoed in errors, reprs or logs.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr

_TOKEN_EXAMPLE = "q3Zk1vT0m9cQbW2xYy7nR4pL8sE5aH6dJ1uK0fG3iO"


class RegisterCommand(BaseModel):
    model_config = ConfigDict(
        title="RegisterIn",
        json_schema_extra={
            "examples": [{"email": "ann.lee@example.com", "password": "correct horse battery"}]
        },
    )
    email: str = Field(min_length=3, max_length=254)
    password: SecretStr = Field(min_length=1, max_length=1024)


class LoginCommand(BaseModel):
    email: str
    password: SecretStr
    user_agent: str | None = None
    ip: str | None = None


class RefreshCommand(BaseModel):
    model_config = ConfigDict(
        title="RefreshIn", json_schema_extra={"examples": [{"refresh_token": "q3Zk1v..."}]}
    )
    refresh_token: SecretStr = Field(min_length=1, max_length=512)


class LogoutCommand(BaseModel):
    model_config = ConfigDict(
        title="LogoutIn", json_schema_extra={"examples": [{"refresh_token": "q3Zk1v..."}]}
    )
    refresh_token: SecretStr | None = Field(default=None, max_length=512)


class VerifyEmailCommand(BaseModel):
    model_config = ConfigDict(
        title="VerifyEmailIn", json_schema_extra={"examples": [{"token": _TOKEN_EXAMPLE}]}
    )
    token: SecretStr = Field(min_length=1, max_length=512)


class PasswordResetRequestCommand(BaseModel):
    model_config = ConfigDict(
        title="PasswordResetRequestIn", json_schema_extra={"examples": [{"email": "ann.lee@example.com"}]}
    )
    email: str = Field(min_length=1, max_length=254)


class PasswordResetCommand(BaseModel):
    model_config = ConfigDict(
        title="PasswordResetIn",
        json_schema_extra={"examples": [{"token": _TOKEN_EXAMPLE, "new_password": "a new horse battery"}]},
    )
    token: SecretStr = Field(min_length=1, max_length=512)
    new_password: SecretStr = Field(min_length=1, max_length=1024)


class PasswordChangeCommand(BaseModel):
    model_config = ConfigDict(
        title="PasswordChangeIn",
        json_schema_extra={
            "examples": [{"current_password": "correct horse battery", "new_password": "a new horse battery"}]
        },
    )
    current_password: SecretStr = Field(min_length=1, max_length=1024)
    new_password: SecretStr = Field(min_length=1, max_length=1024)
