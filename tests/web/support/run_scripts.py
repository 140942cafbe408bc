"""Runs the "Copy as code" scripts for tests/web/support/copy-harness.ts, importing torch, sklearn
and numpy once instead of once per script (about 3 s each, most of the harness's time).

Protocol, one JSON object per line:
  stdout, at start:  {"ready": true}  or  {"ready": false, "error": "..."}
  stdin, a request:  {"id": 1, "script": "loss_lab_x.py", "cwd": "/tmp/..."}
  stdout, the reply: {"id": 1, "status": 0, "stdout": "...", "stderr": "..."}

Each script runs in a child forked from this process, so it starts from the interpreter state a
fresh `python3 script.py` has after those imports: nothing one script sets (torch's default dtype,
seeds, globals) reaches the next. The parent never runs a torch operation, so no thread pool
exists when it forks.
"""
import json
import os
import runpy
import signal
import sys
import tempfile
import traceback

TIMEOUT_S = 300


def run_child(script, cwd, out_path, err_path):
    """In the forked child: run the script as __main__ with its output in two files, then exit."""
    out = os.open(out_path, os.O_WRONLY | os.O_TRUNC)
    err = os.open(err_path, os.O_WRONLY | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = os.fdopen(1, 'w', buffering=1)
    sys.stderr = os.fdopen(2, 'w', buffering=1)
    signal.alarm(TIMEOUT_S)
    code = 0
    try:
        os.chdir(cwd)
        sys.argv = [script]
        sys.path.insert(0, cwd)
        runpy.run_path(script, run_name='__main__')
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main():
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
        import sklearn.linear_model  # noqa: F401
        import torch  # noqa: F401
    except Exception as e:  # reported to the harness, which names the packages to install
        print(json.dumps({'ready': False, 'error': repr(e)}), flush=True)
        return
    print(json.dumps({'ready': True}), flush=True)
    out_fd, out_path = tempfile.mkstemp(suffix='.out')
    err_fd, err_path = tempfile.mkstemp(suffix='.err')
    os.close(out_fd)
    os.close(err_fd)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                run_child(request['script'], request['cwd'], out_path, err_path)
            _, wait_status = os.waitpid(pid, 0)
            status = os.waitstatus_to_exitcode(wait_status)
            with open(out_path, encoding='utf-8', errors='replace') as f:
                stdout = f.read()
            with open(err_path, encoding='utf-8', errors='replace') as f:
                stderr = f.read()
            if status < 0:
                stderr += f'\n(the script was ended by signal {-status}; the time limit is {TIMEOUT_S} s)'
            print(json.dumps({'id': request['id'], 'status': status, 'stdout': stdout, 'stderr': stderr}), flush=True)
    finally:
        os.unlink(out_path)
        os.unlink(err_path)


if __name__ == '__main__':
    main()
