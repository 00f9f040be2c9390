from __future__ import annotations

from resugrow_tracker.domain.thank_you import draft_thank_you, topics_from_notes

NOTES = "Priya asked about our Kafka exactly-once setup, and then we discussed backfilling Airflow DAGs without downtime."


def test_topics_come_from_the_notes_with_their_spans() -> None:
    topics = topics_from_notes(NOTES)
    assert [t.text for t in topics] == [
        "our Kafka exactly-once setup",
        "backfilling Airflow DAGs without downtime",
    ]
    for t in topics:
        assert NOTES[t.source["start"] : t.source["end"]] == t.text


def test_note_names_the_role_the_interviewer_and_the_topics() -> None:
    d = draft_thank_you(role="Data Engineer", company="Acme", interviewers=["Priya Shah"], notes=NOTES)
    assert d.body.startswith("Dear Priya Shah,")
    assert "the Data Engineer role at Acme" in d.body
    assert "backfilling Airflow DAGs without downtime" in d.body
    assert d.to_json()["sent"] is False
    assert all(s["sources"] for s in d.sentences)


def test_practice_topics_fill_in_when_notes_have_none_and_no_topic_is_invented() -> None:
    d = draft_thank_you(role="Analyst", company=None, notes=None, practice_topics=["SQL window functions"])
    assert "SQL window functions" in d.body and d.body.startswith("Dear Hiring Team,")
    bare = draft_thank_you(role=None, company=None)
    assert "conversation about" not in bare.body
