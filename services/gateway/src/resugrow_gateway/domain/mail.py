"""The account e-mails: a plain-text and an HTML part for each, from our own small templates.

Values are inserted with `str.format` after HTML-escaping for the HTML part, so an address or
link can never inject markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    text: str
    html: str
    # Which template produced it (for logs and tests; never the token).
    kind: str


_HTML_FRAME = """<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #1d2433; max-width: 560px">
<h1 style="font-size: 20px">{heading}</h1>
<p>{intro}</p>
<p><a href="{link}" style="display: inline-block; padding: 10px 18px; background: #2957d9; color: #fff;
text-decoration: none; border-radius: 6px">{action}</a></p>
<p style="font-size: 13px; color: #5b6475">Or paste this address into your browser: {link}</p>
<p style="font-size: 13px; color: #5b6475">{footer}</p>
</body></html>
"""

_TEXT_FRAME = """{heading}

{intro}

{action}: {link}

{footer}
"""

_VERIFY = {
    "subject": "Confirm your e-mail address for Resugrow",
    "heading": "Confirm your e-mail address",
    "intro": "You signed up for Resugrow with {email}. Confirm that this address is yours.",
    "action": "Confirm my address",
    "footer": "The link works once and expires in {hours} hours. If you did not sign up, ignore this mail.",
}

_RESET = {
    "subject": "Reset your Resugrow password",
    "heading": "Reset your password",
    "intro": "Someone asked to reset the password of the Resugrow account {email}.",
    "action": "Choose a new password",
    "footer": "The link works once and expires in {minutes} minutes. If it was not you, ignore this "
    "mail: your password stays as it is.",
}


def _render(template: dict[str, str], *, to: str, link: str, kind: str, **values: object) -> MailMessage:
    plain = {k: v.format(email=to, **values) for k, v in template.items()}
    safe = {k: html.escape(v) for k, v in plain.items()}
    return MailMessage(
        to=to,
        subject=plain["subject"],
        text=_TEXT_FRAME.format(link=link, **plain),
        html=_HTML_FRAME.format(link=html.escape(link, quote=True), **safe),
        kind=kind,
    )


def link_to(app_url: str, page: str, token: str) -> str:
    return f"{app_url.rstrip('/')}/{page}?token={quote(token, safe='')}"


def verification_mail(*, to: str, app_url: str, token: str, ttl_s: int) -> MailMessage:
    link = link_to(app_url, "verify-email", token)
    return _render(_VERIFY, to=to, link=link, kind="verify_email", hours=max(1, ttl_s // 3600))


def reset_mail(*, to: str, app_url: str, token: str, ttl_s: int) -> MailMessage:
    link = link_to(app_url, "reset-password", token)
    return _render(_RESET, to=to, link=link, kind="reset_password", minutes=max(1, ttl_s // 60))
