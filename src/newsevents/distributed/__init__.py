"""Distributed ingest on Dask: the same coding as :func:`newsevents.batch.run`, on many processes
or machines, resumable task by task.

* :mod:`.plan` partitions the inputs into tasks with stable ids (byte ranges of large JSON
  Lines files, whole CSV and gzipped files, small files packed together);
* :mod:`.worker` is the task: code one partition, write its events as part files of a
  month-partitioned Parquet dataset, its documents file and, last, its completion marker;
* :mod:`.run` is the driver: submit, collect as tasks complete, merge into the SQLite store;
* :mod:`.parts` is the layout of the work folder, :mod:`.records` the documents file, and
  :mod:`.cluster` where tasks run (``local:N`` or ``tcp://HOST:PORT``).

Dask is an optional dependency (``pip install 'newsevents[dask]'``), imported only when a run
starts. Differences from a single-machine run: the actor memory is what the store knew when the
run started (tasks do not learn from each other; what they teach is stored for later runs), and
merged events are clustered in the order tasks complete.
"""

from __future__ import annotations

from .cluster import DASK_MISSING, Scheduler, check_scheduler, parse_scheduler
from .parts import PartsDir, TaskResult
from .plan import DEFAULT_CHUNK_BYTES, Piece, Plan, Task, plan_tasks
from .run import DistributedRunError, default_parts_dir, run_distributed
from .worker import TaskError

__all__ = [
    "DASK_MISSING",
    "DEFAULT_CHUNK_BYTES",
    "DistributedRunError",
    "PartsDir",
    "Piece",
    "Plan",
    "Scheduler",
    "Task",
    "TaskError",
    "TaskResult",
    "check_scheduler",
    "default_parts_dir",
    "parse_scheduler",
    "plan_tasks",
    "run_distributed",
]
