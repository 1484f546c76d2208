from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark data and measuring commands; installed only by bench settings,
    so none of it is importable from a deployed site's command list."""

    name = "bench"
    verbose_name = "Benchmarks"
