"""SMTP delivery with the standard library's smtplib, run in a thread so the event loop keeps serving.

`send` only queues: the answer to the user never waits for (or reveals, through its timing) a
mail. A failed delivery is retried a few times, then logged; the user can ask for a new link.
"""

from __future__ import annotations

import asyncio
import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from resugrow_gateway.domain.mail import MailMessage
from resugrow_gateway.settings import MailSettings


def to_email(message: MailMessage, *, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    return mail


class SmtpMailer:
    def __init__(self, settings: MailSettings, log: Any) -> None:
        self.settings = settings
        self.log = log
        self._tasks: set[asyncio.Task[None]] = set()
        self.delivered = 0
        self.failed = 0

    def send(self, message: MailMessage) -> None:
        if not self.settings.enabled:
            self.log.info("mail_skipped", kind=message.kind)
            return
        task = asyncio.get_running_loop().create_task(self._deliver(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, message: MailMessage) -> None:
        mail = to_email(message, sender=self.settings.sender)
        for attempt in range(1, self.settings.attempts + 1):
            try:
                await asyncio.to_thread(self._send_now, mail)
            except (OSError, smtplib.SMTPException) as exc:
                self.log.warning(
                    "mail_failed", kind=message.kind, attempt=attempt, exc_type=type(exc).__name__
                )
                await asyncio.sleep(0.5 * attempt)
                continue
            self.delivered += 1
            self.log.info("mail_sent", kind=message.kind)
            return
        self.failed += 1

    def _send_now(self, mail: EmailMessage) -> None:
        s = self.settings
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout_s) as smtp:
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.username:
                smtp.login(s.username, s.password.get_secret_value())
            smtp.send_message(mail)

    async def drain(self, timeout_s: float = 5.0) -> None:
        """Let queued mails go out before shutdown (bounded)."""
        if self._tasks:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*self._tasks, return_exceptions=True), timeout_s)
