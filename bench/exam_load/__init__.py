"""Helpers of bench/bench_exam_load.py: the exam data, the gunicorn server, the simulated
candidates and the figures. Not a benchmark itself (only bench_*.py modules are run)."""
