"""A handful of WSGI applications (PEP 3333), the Python side of wsgiref.check.spec.ts.

Each has a TypeScript translation in apps.ts; both are mounted under the same names, and the check
sends the same requests to wsgiref.simple_server and to the reference gateway.
"""
import json
from wsgiref.util import shift_path_info



def text():
    # A new list each time: wsgiref adds Content-Length to the list it is given, in place, so a
    # shared module-level list would carry one response's length into the next.
    return [('Content-Type', 'text/plain; charset=utf-8')]


def hello(environ, start_response):
    start_response('200 OK', text())
    return [b'Hello, world!\n']


def environ_echo(environ, start_response):
    # wsgiref gives "bytes as latin-1 str"; the gateway gives UTF-8 text: compare the same text.
    keys = ['REQUEST_METHOD', 'SCRIPT_NAME', 'PATH_INFO', 'QUERY_STRING', 'CONTENT_TYPE',
            'CONTENT_LENGTH', 'HTTP_X_TEST']
    out = {}
    for key in keys:
        value = environ.get(key)
        if value:
            out[key] = value.encode('latin-1').decode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps(out, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8')]


def greet(environ, start_response):
    from urllib.parse import parse_qs

    length = int(environ.get('CONTENT_LENGTH') or 0)
    form = parse_qs(environ['wsgi.input'].read(length).decode('utf-8'))
    name = form.get('name', [''])[0]
    start_response('200 OK', [('Content-Type', 'text/html; charset=utf-8')])
    # A generator, like the TypeScript translation (an async generator: it awaits the body), so
    # neither server can know the length: both close-delimit.
    yield ('<p>Hello, %s!</p>\n' % name.replace('&', '&amp;').replace('<', '&lt;')).encode('utf-8')


def stream(environ, start_response):
    start_response('200 OK', text())
    for i in range(3):
        yield ('line %d\n' % i).encode('ascii')


def legacy_write(environ, start_response):
    write = start_response('200 OK', text())
    write(b'written, ')
    return [b'then returned']


def missing(environ, start_response):
    start_response('404 Not Found', text() + [('X-Reason', 'no such thing'),
                                            ('Set-Cookie', 'a=1'), ('Set-Cookie', 'b=2')])
    return [b'not here\n']


def declared(environ, start_response):
    start_response('200 OK', text() + [('Content-Length', '6')])
    return iter([b'abc', b'def'])


APPS = {'hello': hello, 'env': environ_echo, 'greet': greet, 'stream': stream,
        'write': legacy_write, 'missing': missing, 'declared': declared}


def router(environ, start_response):
    name = shift_path_info(environ)
    app = APPS.get(name or '', missing)
    return app(environ, start_response)
