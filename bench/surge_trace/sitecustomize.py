"""Experiment-only tracing of the gateway's request path (not committed): when RESUGROW_BENCH_TRACE names
a file and this process serves the gateway, stamp each request's accept / read / app / answer
times (perf_counter = CLOCK_MONOTONIC, comparable with the load generator's)."""
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
    f = open(_OUT, "a")

    def flush():
        if records:
            f.write("".join(records))
            f.flush()
            records.clear()

    atexit.register(flush)
    o_made, o_data, o_begin, o_hc = P.connection_made, P.data_received, P.on_message_begin, P.on_headers_complete

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
        records.append(f"{bid} {c:.6f} {d:.6f} {n} {t_app:.6f} {t1:.6f} {st} {lag*1000:.2f} {inf} {pc():.6f}\n")
        if len(records) >= 3000:
            flush()

    D.__call__ = call
