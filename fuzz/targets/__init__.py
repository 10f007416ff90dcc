"""One atheris target per parser family: ``python fuzz/targets/<name>.py [libFuzzer flags] [corpus...]``."""
