from resugrow_gateway.domain.mail import reset_mail, verification_mail


def test_mails_carry_the_link_in_both_parts_and_never_unescaped_markup():
    mail = verification_mail(
        to="a<b>@x.io", app_url="https://app.example.com/", token="t0k-_", ttl_s=48 * 3600
    )
    assert "https://app.example.com/verify-email?token=t0k-_" in mail.text
    assert "https://app.example.com/verify-email?token=t0k-_" in mail.html
    assert "<b>" not in mail.html and "a&lt;b&gt;@x.io" in mail.html and "48 hours" in mail.text
    reset = reset_mail(to="ann@x.io", app_url="http://127.0.0.1:8000", token="abc", ttl_s=3600)
    assert (
        reset.kind == "reset_password"
        and "60 minutes" in reset.text
        and "/reset-password?token=abc" in reset.html
    )
