"""Coverage-guided fuzzing of Senim's parsers and decoders (atheris); see docs/fuzzing.md."""
