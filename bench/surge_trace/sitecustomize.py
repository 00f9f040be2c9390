"""Per-request trace of the gateway's request path, for bench/gateway.py (measurement only).

Put this folder on PYTHONPATH and set RESUGROW_BENCH_TRACE=<file> for the benchmark: the launcher
passes both to every service, and in the gateway's process only (`serve gateway`) this stamps,
for each dashboard request, when its connection was accepted (connection_made), when its bytes
were read (data_received), when the admission decided, when the answer's head was sent, the loop
lag the gate saw and the pages in flight; one line per request, keyed by the `x-bench-id` header
the benchmark sends. time.perf_counter is CLOCK_MONOTONIC, so the times compare with the
benchmark's own (written to <file>.client). bench/README.md (gateway.py, session 6) reads them.
"""

import os
import sys
import time

_OUT = os.environ.get("RESUGROW_BENCH_TRACE")
if _OUT and "gateway" in sys.argv:
    import atexit

    from uvicorn.protocols.http import httptools_impl as h

    P = h.HttpToolsProtocol
    pc = time.perf_counter
    records = []
    f = open(_OUT, "a")  # noqa: SIM115 - open for the whole process, flushed at exit

    def flush():
        if records:
            f.write("".join(records))
            f.flush()
            records.clear()

    atexit.register(flush)
    o_made, o_data, o_begin, o_hc = (
        P.connection_made,
        P.data_received,
        P.on_message_begin,
        P.on_headers_complete,
    )

    def made(self, transport):
        self._bt_conn = pc()
        self._bt_n = 0
        return o_made(self, transport)

    def data(self, d):
        self._bt_data = pc()
        return o_data(self, d)

    def hc(self):
        o_hc(self)
        self.scope["_bt"] = (self._bt_conn, self._bt_data, self._bt_n)
        self._bt_n += 1

    P.connection_made, P.data_received, P.on_headers_complete = made, data, hc

    from resugrow_gateway import middleware as m

    D = m.DashboardAdmission
    o_call = D.__call__

    async def call(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != "/v1/dashboard":
            return await o_call(self, scope, receive, send)
        t_app = pc()
        g = self.gate
        lag, inf = g.lag.lag_s, g.in_flight
        first = []

        async def s(msg):
            if not first:
                first.append((pc(), msg.get("status")))
            await send(msg)

        await o_call(self, scope, receive, s)
        bid = next((v.decode() for k, v in scope["headers"] if k == b"x-bench-id"), "-")
        c, d, n = scope.get("_bt", (0, 0, -1))
        t1, st = first[0] if first else (0, 0)
        records.append(
            f"{bid} {c:.6f} {d:.6f} {n} {t_app:.6f} {t1:.6f} {st} {lag * 1000:.2f} {inf} {pc():.6f}\n"
        )
        if len(records) >= 3000:
            flush()

    D.__call__ = call

    # Refusals decided in the HTTP protocol (resugrow_platform.admission.early_refusal_protocol)
    # never reach DashboardAdmission: record them where they are decided.
    current = [(0.0, 0.0, -1)]
    o_data2 = P.data_received

    def data2(self, d):
        current[0] = (self._bt_conn, pc(), self._bt_n)
        return o_data2(self, d)

    P.data_received = data2
    o_early = m.early_refusal

    def early(runtime):
        decide = o_early(runtime)
        g = runtime.page_gate

        def wrapped(scope):
            t_app = pc()
            lag, inf = g.lag.lag_s, g.in_flight
            answer = decide(scope)
            if answer is not None:
                bid = next((v.decode() for k, v in scope["headers"] if k == b"x-bench-id"), "-")
                c, d, n = current[0]
                t = pc()
                records.append(
                    f"{bid} {c:.6f} {d:.6f} {n} {t_app:.6f} {t:.6f} 503 {lag * 1000:.2f} {inf} {t:.6f}\n"
                )
            return answer

        return wrapped

    if hasattr(m, "early_refusal"):  # branches without it have no early refusals
        m.early_refusal = early

# RESUGROW_BENCH_STALLS=<file>: in the gateway's process, a thread that notices the event loop
# not coming round for 30 ms and then, every 10 ms until it does, writes the main thread's
# stack and its schedstat (ns on the CPU, ns waiting for one): a stall where the thread runs is
# work in the loop; one where it waits is other processes on the CPU (bench/README.md, session 7).
_STALLS = os.environ.get("RESUGROW_BENCH_STALLS")
if _STALLS and "gateway" in sys.argv:
    import asyncio
    import threading
    import traceback

    _beat = [0.0]
    _main_tid = threading.get_ident()
    _main_native = threading.get_native_id()

    def _schedstat():
        try:
            with open(f"/proc/self/task/{_main_native}/schedstat") as f:
                run, wait, _ = f.read().split()
            return int(run), int(wait)
        except OSError:
            return 0, 0

    def _watch():
        out = open(_STALLS, "a")  # noqa: SIM115 - for the whole process
        while True:
            time.sleep(0.01)
            if not _beat[0]:
                continue
            late = time.perf_counter() - _beat[0]
            if late < 0.03:
                continue
            frame = sys._current_frames().get(_main_tid)
            stack = "".join(traceback.format_stack(frame, limit=25)) if frame else ""
            run, wait = _schedstat()
            out.write(
                f"STALL {time.perf_counter():.6f} late_ms {late * 1000:.1f} run {run} wait {wait}\n{stack}\n"
            )
            out.flush()

    _orig_run_forever = asyncio.BaseEventLoop.run_forever

    def _run_forever(self):
        def beat():
            _beat[0] = time.perf_counter()
            self.call_later(0.005, beat)

        self.call_soon(beat)
        threading.Thread(target=_watch, daemon=True, name="stall-watch").start()
        return _orig_run_forever(self)

    asyncio.BaseEventLoop.run_forever = _run_forever

# RESUGROW_BENCH_GC=<dir>: every Python process (services, SecantusDB, the benchmark) writes its
# full collections and any collection over 2 ms to <dir>/<pid>.gc (CLOCK_MONOTONIC start, ms).
_GC_DIR = os.environ.get("RESUGROW_BENCH_GC")
if _GC_DIR:
    import gc

    _gc_start = [0.0]
    _gc_out = open(os.path.join(_GC_DIR, f"{os.getpid()}.gc"), "a", buffering=1)  # noqa: SIM115
    _gc_out.write(f"argv {' '.join(sys.argv)[:150]}\n")

    def _gc_probe(phase, info):
        if phase == "start":
            _gc_start[0] = time.perf_counter()
            return
        ms = (time.perf_counter() - _gc_start[0]) * 1000
        if info.get("generation") == 2 or ms > 2:
            _gc_out.write(
                f"{_gc_start[0]:.6f} gen {info.get('generation')} {ms:.1f} ms collected {info.get('collected')}\n"
            )

    gc.callbacks.append(_gc_probe)
