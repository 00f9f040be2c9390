"""Use cases of the resume service, one module per thing the user does.

A use case is ``async def verb_noun(uow, cmd, *, user_id, now, ...)``: it works on the
repositories of ``uow`` (see ``ports``), raises ``resugrow_domain`` errors and knows nothing of
HTTP or Mongo. To add one: write it here (with a unit test on ``tests/unit/fakes.py``), then a
route in ``api/routes.py`` calling it through ``runtime.transact`` (commands) or
``runtime.reader()`` (queries).
"""
