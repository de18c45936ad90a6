"""Serves apps.router with wsgiref.simple_server on 127.0.0.1, a free port; prints `listening <port>`."""
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

sys.path.insert(0, sys.path[0])
from apps import router  # noqa: E402


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


httpd = make_server('127.0.0.1', 0, router, handler_class=Quiet)
print('listening', httpd.server_port, flush=True)
httpd.serve_forever()
