"""The job process beside `festival serve` on the embedded default: started with the server,
started again when it dies, stopped (SIGTERM, then SIGKILL after a grace time) when the server
stops. It gets the server's settings through the environment, and the server's process id: it
also stops by itself once that process is gone, however the server ended (uvicorn re-raises
SIGTERM after its shutdown, so no cleanup code of the server runs then)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

from festival.settings import Settings

log = logging.getLogger("festival.supervise")

RESTART_AFTER = 1.0  # seconds before a died job process is started again
STOP_GRACE = 20.0  # seconds a stopping job process gets to finish its running jobs


def child_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FESTIVAL_DATABASE_URL=settings.database_url,
        FESTIVAL_SECRET_KEY=settings.secret_key,
        FESTIVAL_BASE_URL=settings.base_url,
        FESTIVAL_DATA_DIR=str(settings.data_dir),
        FESTIVAL_ENV=settings.env,
        FESTIVAL_JOB_QUEUE="database",
        FESTIVAL_SERVER_PID=str(os.getpid()),
    )
    return env


class JobProcess:
    def __init__(self, settings: Settings) -> None:
        self.command = [sys.executable, "-m", "festival", "worker", "--take-over"]
        self.env = child_environment(settings)
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, name="job-process", daemon=True)

    def start(self) -> None:
        self._spawn()
        self.watcher.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env)  # noqa: S603
        log.info("job process started (pid %s)", self.process.pid)

    def _watch(self) -> None:
        while not self.stopping.is_set():
            process = self.process
            if process is not None and process.poll() is not None and not self.stopping.is_set():
                log.warning(
                    "job process %s ended (%s): starting it again", process.pid, process.returncode
                )
                time.sleep(RESTART_AFTER)
                if not self.stopping.is_set():
                    self._spawn()
            self.stopping.wait(0.5)

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
