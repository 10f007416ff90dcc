"""One local Spark session for every Spark test (JVM start-up is the expensive part).

``local[2,3]``: two task threads, and up to three attempts per task so that the retry test can
fail a first attempt (in local mode the attempt limit comes from the master URL, not from
``spark.task.maxFailures``). Small shuffle partitions, no UI, Python workers reused (models are
loaded once per worker), and a watchdog that fails the session if Spark does not come up in time.
Without Java or pyspark the tests are skipped, unless ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

START_TIMEOUT_S = 120.0


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - pyspark is in the dev extra
        if in_ci:
            raise
        pytest.skip("pyspark is not installed (pip install -e '.[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):  # pragma: no cover
        if in_ci:
            pytest.fail("Java 17 is needed for the Spark tests")
        pytest.skip("no Java: the Spark tests need Java 17")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    started = threading.Event()
    timer = threading.Timer(START_TIMEOUT_S, lambda: None if started.is_set() else os._exit(3))
    timer.daemon = True
    timer.start()
    session = (
        SparkSession.builder.master("local[2,3]")
        .appName("senim-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "512")
        .config("spark.driver.memory", "1g")
        .config("spark.network.timeout", "120s")
        .getOrCreate()
    )
    started.set()
    timer.cancel()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
