"""Benchmarks of CRM Lab: ``make bench`` (or ``python -m benchmarks [name ...]``) runs them.

Each ``bench_<area>.py`` module has a ``run()`` function that measures and prints. They are
not tests: timings go into closing notes and the README, never into assertions.
"""
