"""Loading models for audits and explanations, safely.

A model file is code as much as data: unpickling a file runs whatever the file says. So the
formats are taken in order of safety:

``.skops``
    scikit-learn models saved with :func:`skops.io.dump`. Loading does not execute arbitrary code;
    the types the file wants to construct are listed first with
    :func:`skops.io.get_untrusted_types` and the file is loaded only if every one of them is a
    scikit-learn, NumPy or SciPy type (minus the NumPy/SciPy file-input/output functions, see
    :data:`DENIED_TYPES`) or one the caller named in ``trusted_types`` after reviewing it.
    Anything else raises :class:`~senim.audits.errors.ModelLoadError` listing the types.
``.onnx``
    An ONNX graph run by :mod:`onnxruntime` on the CPU execution provider. A graph cannot run
    Python code. The feature count comes from the input shape; feature names from the input names
    when the graph has one input per feature, or from a ``feature_names`` entry (a JSON list or a
    comma-separated string) in the model's metadata.
``.pkl``, ``.pickle``, ``.joblib``
    Loaded with :func:`joblib.load` (which unpickles) **only** with ``trust_pickle=True``. Loading
    a pickle from an untrusted source lets its author run any code on this machine with the
    rights of this process (read files and credentials, install malware). The command line prints
    a warning when ``--trust-pickle`` is given; convert the model to skops or ONNX instead.

Every other file name ending is refused. The SHA-256 of the model file is kept so that evidence
(explanations, notices) names exactly the model it came from.

The :class:`LoadedModel` wrappers ``predict`` and ``predict_score`` take a 2-D array whose columns
are the model's features in the model's order (:func:`feature_matrix` builds it from a table) and
check its width; ``predict_score`` returns the probability of the positive class (``classes[1]``)
for a binary classifier, the class-probability matrix for a multi-class one, and is ``None`` for a
model without probabilities (regressors, ONNX graphs without a probability output).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from senim.audits.errors import FeatureMismatchError, ModelLoadError

__all__ = [
    "DENIED_TYPES",
    "PICKLE_WARNING",
    "TRUSTED_PREFIXES",
    "LoadedModel",
    "feature_matrix",
    "file_sha256",
    "load_model",
]

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.")
"""Module prefixes of the types a skops file may construct without being listed by the caller."""

DENIED_TYPES = frozenset(
    {
        "numpy.load",
        "numpy.save",
        "numpy.savez",
        "numpy.savez_compressed",
        "numpy.savetxt",
        "numpy.loadtxt",
        "numpy.genfromtxt",
        "numpy.fromfile",
        "numpy.memmap",
        "numpy.ctypeslib.load_library",
        "scipy.io.loadmat",
        "scipy.io.savemat",
    }
)
"""Functions under the trusted prefixes that read or write files; a model has no business with
them (e.g. as the function of a ``FunctionTransformer``), so they are refused unless listed."""

PICKLE_WARNING = (
    "Loading a pickle runs any code its author put in it, with this process's rights. Use "
    "--trust-pickle only for a file you made yourself or received over a channel you trust; prefer "
    "skops (skops.io.dump) or ONNX."
)
"""The warning the command line prints when a pickle is loaded with ``trust_pickle=True``."""

_PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")
_ONNX_NUMPY = {
    "tensor(float)": np.float32,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(bool)": np.bool_,
}

Array = npt.NDArray[Any]


@dataclass
class LoadedModel:
    """A model ready for prediction and explanation.

    Attributes
    ----------
    kind
        ``"sklearn"`` (a scikit-learn-compatible estimator or pipeline) or ``"onnx"``.
    model
        The estimator, or the :class:`onnxruntime.InferenceSession`.
    feature_names
        The model's input columns in order (scikit-learn's ``feature_names_in_``; ONNX input names
        or metadata), or ``None`` when the model does not record them.
    predict
        Labels (classifiers) or values (regressors) of a 2-D array in feature order.
    predict_score
        Probability of the positive class (binary), class probabilities (multi-class), or ``None``.
    source
        The path the model was loaded from.
    sha256
        SHA-256 of the model file (hex).
    n_features
        Number of input features, when known.
    task
        ``"classification"`` or ``"regression"``.
    classes
        Class labels in the order of the probability columns, when known.
    format
        ``"skops"``, ``"onnx"`` or ``"pickle"``.
    """

    kind: Literal["sklearn", "onnx"]
    model: Any
    feature_names: list[str] | None
    predict: Callable[[Array], Array]
    predict_score: Callable[[Array], Array] | None
    source: str
    sha256: str
    n_features: int | None = None
    task: Literal["classification", "regression"] = "classification"
    classes: list[Any] | None = None
    format: str = ""

    @property
    def positive_class(self) -> Any:
        """The class whose probability ``predict_score`` returns for a binary classifier."""
        if self.task == "classification" and self.classes is not None and len(self.classes) == 2:
            return self.classes[1]
        return None


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_model(path: Path, *, trust_pickle: bool = False, trusted_types: Sequence[str] = ()) -> LoadedModel:
    """Load a model file safely, by its file name ending.

    Parameters
    ----------
    path
        A ``.skops``, ``.onnx``, or (with ``trust_pickle``) ``.pkl``/``.pickle``/``.joblib`` file.
    trust_pickle
        Allow unpickling. Unpickling an untrusted file executes its author's code: see
        :data:`PICKLE_WARNING`; the caller is expected to show that warning.
    trusted_types
        Fully qualified type names a skops file may construct besides scikit-learn, NumPy and SciPy
        types (e.g. ``"xgboost.sklearn.XGBClassifier"``), after the caller reviewed them.

    Returns
    -------
    LoadedModel

    Raises
    ------
    ModelLoadError
        Missing or unreadable file, an unknown file type, a pickle without ``trust_pickle``, a skops
        file with types that are not trusted (they are listed), or an object that cannot predict.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelLoadError(f"model file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".skops":
        estimator = _load_skops(path, trusted_types)
        fmt = "skops"
    elif suffix == ".onnx":
        return _load_onnx(path)
    elif suffix in _PICKLE_SUFFIXES:
        if not trust_pickle:
            raise ModelLoadError(
                f"{path}: refusing to load a pickle ({suffix}) without trust_pickle=True / --trust-pickle. "
                + PICKLE_WARNING
            )
        estimator = _load_pickle(path)
        fmt = "pickle"
    else:
        raise ModelLoadError(
            f"{path}: unknown model format {suffix or '(no extension)'!r}; "
            "expected .skops, .onnx, or .pkl/.pickle/.joblib with --trust-pickle"
        )
    return _wrap_sklearn(estimator, path, fmt)


# --------------------------------------------------------------------------- skops / pickle


def _type_is_trusted(name: str, extra: set[str]) -> bool:
    if name in extra:
        return True
    if name in DENIED_TYPES:
        return False
    return name.startswith(TRUSTED_PREFIXES)


def _load_skops(path: Path, trusted_types: Sequence[str]) -> Any:
    import skops.io as sio

    try:
        untrusted = list(sio.get_untrusted_types(file=path))
    except Exception as exc:  # zipfile.BadZipFile, json errors, ...: not a skops file
        raise ModelLoadError(f"{path}: not a readable skops file ({type(exc).__name__}: {exc})") from exc
    extra = {str(t) for t in trusted_types}
    refused = sorted(t for t in untrusted if not _type_is_trusted(t, extra))
    if refused:
        raise ModelLoadError(
            f"{path}: the skops file contains types that are not trusted: {', '.join(refused)}. "
            "Review them and pass their names in trusted_types only if you trust the file."
        )
    try:
        return sio.load(path, trusted=untrusted)
    except Exception as exc:
        raise ModelLoadError(f"{path}: cannot load the skops file ({type(exc).__name__}: {exc})") from exc


def _load_pickle(path: Path) -> Any:
    import importlib

    joblib = importlib.import_module("joblib")  # ships with scikit-learn; untyped
    try:
        return joblib.load(path)
    except Exception as exc:
        raise ModelLoadError(f"{path}: cannot unpickle the model ({type(exc).__name__}: {exc})") from exc


def _as_2d(x: Array, n_features: int | None, what: str) -> Array:
    arr = np.asarray(x)
    if arr.ndim != 2:
        raise FeatureMismatchError(f"{what}: expected a 2-D array (rows × features), got {arr.ndim}-D")
    if n_features is not None and arr.shape[1] != n_features:
        raise FeatureMismatchError(
            f"{what}: the model expects {n_features} features, the data has {arr.shape[1]} columns"
        )
    return arr


def _wrap_sklearn(estimator: Any, path: Path, fmt: str) -> LoadedModel:
    from sklearn.base import is_classifier, is_regressor
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    if not callable(getattr(estimator, "predict", None)):
        raise ModelLoadError(f"{path}: the object ({type(estimator).__name__}) has no predict method")
    try:
        check_is_fitted(estimator)
    except NotFittedError as exc:
        raise ModelLoadError(f"{path}: the model ({type(estimator).__name__}) is not fitted") from exc
    except TypeError:
        pass  # not a scikit-learn estimator: trust predict()
    names_in = getattr(estimator, "feature_names_in_", None)
    names = [str(n) for n in names_in] if names_in is not None else None
    n_in = getattr(estimator, "n_features_in_", None)
    n_features = int(n_in) if n_in is not None else (len(names) if names is not None else None)
    has_proba = callable(getattr(estimator, "predict_proba", None))
    if is_classifier(estimator) or (has_proba and not is_regressor(estimator)):
        task: Literal["classification", "regression"] = "classification"
    else:
        task = "regression"
    classes_attr = getattr(estimator, "classes_", None)
    classes = (
        [c.item() if isinstance(c, np.generic) else c for c in classes_attr]
        if classes_attr is not None
        else None
    )
    what = f"model {path.name}"

    def frame(x: Array) -> Any:
        arr = _as_2d(x, n_features, what)
        if names is None:
            return arr.astype(np.float64) if arr.dtype == object else arr
        import pandas as pd

        df = pd.DataFrame({n: arr[:, i] for i, n in enumerate(names)})
        return df.infer_objects() if arr.dtype == object else df

    def predict(x: Array) -> Array:
        return np.asarray(estimator.predict(frame(x)))

    predict_score: Callable[[Array], Array] | None = None
    if task == "classification" and has_proba:

        def predict_score(x: Array) -> Array:
            proba = np.asarray(estimator.predict_proba(frame(x)), dtype=np.float64)
            return proba[:, 1] if proba.ndim == 2 and proba.shape[1] == 2 else proba

    return LoadedModel(
        kind="sklearn",
        model=estimator,
        feature_names=names,
        predict=predict,
        predict_score=predict_score,
        source=str(path),
        sha256=file_sha256(path),
        n_features=n_features,
        task=task,
        classes=classes,
        format=fmt,
    )


# --------------------------------------------------------------------------- ONNX


def _metadata_names(session: Any) -> list[str] | None:
    try:
        meta = session.get_modelmeta().custom_metadata_map or {}
    except Exception:
        return None
    raw = meta.get("feature_names")
    if not raw:
        return None
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = [p.strip() for p in str(raw).split(",")]
    if isinstance(parsed, list) and all(isinstance(p, str) and p for p in parsed):
        return parsed
    return None


def _load_onnx(path: Path) -> LoadedModel:
    import onnxruntime as ort

    try:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise ModelLoadError(f"{path}: not a loadable ONNX model ({type(exc).__name__}: {exc})") from exc
    inputs = session.get_inputs()
    outputs = session.get_outputs()
    if not inputs or not outputs:
        raise ModelLoadError(f"{path}: the ONNX graph has no inputs or no outputs")
    what = f"model {path.name}"
    if len(inputs) == 1:
        inp = inputs[0]
        shape = list(inp.shape)
        if len(shape) != 2:
            raise ModelLoadError(
                f"{path}: the ONNX input {inp.name!r} has shape {shape}; expected [rows, features]"
            )
        n_features = shape[1] if isinstance(shape[1], int) else None
        names = _metadata_names(session)
        if names is not None and n_features is not None and len(names) != n_features:
            names = None
        if names is not None and n_features is None:
            n_features = len(names)
        dtype = _ONNX_NUMPY.get(inp.type)
        if dtype is None:
            raise ModelLoadError(f"{path}: unsupported ONNX input type {inp.type} for {inp.name!r}")

        def feeds(x: Array) -> dict[str, Array]:
            return {inp.name: _as_2d(x, n_features, what).astype(dtype)}

    else:  # one input per feature, each [rows, 1]
        names = [i.name for i in inputs]
        n_features = len(inputs)
        types: list[Any] = []
        for i in inputs:
            if i.type == "tensor(string)":
                types.append(object)
            elif i.type in _ONNX_NUMPY:
                types.append(_ONNX_NUMPY[i.type])
            else:
                raise ModelLoadError(f"{path}: unsupported ONNX input type {i.type} for {i.name!r}")

        def feeds(x: Array) -> dict[str, Array]:
            arr = _as_2d(x, n_features, what)
            out: dict[str, Array] = {}
            for j, (i, t) in enumerate(zip(inputs, types, strict=True)):
                col = arr[:, j : j + 1]
                out[i.name] = col.astype(str).astype(object) if t is object else col.astype(t)
            return out

    label_out = next((o for o in outputs if "label" in o.name.lower()), outputs[0])
    proba_out = next(
        (
            o
            for o in outputs
            if o is not label_out and ("prob" in o.name.lower() or str(o.type).startswith("seq(map"))
        ),
        None,
    )
    task: Literal["classification", "regression"] = (
        "classification" if proba_out is not None else "regression"
    )
    classes: list[Any] | None = None

    def run(x: Array) -> list[Any]:
        try:
            return list(session.run(None, feeds(x)))
        except FeatureMismatchError:
            raise
        except Exception as exc:
            raise FeatureMismatchError(f"{what}: ONNX runtime rejected the input ({exc})") from exc

    label_idx = outputs.index(label_out)

    def predict(x: Array) -> Array:
        return np.asarray(run(x)[label_idx]).reshape(len(x), -1).squeeze(axis=1) if len(x) else np.empty(0)

    predict_score: Callable[[Array], Array] | None = None
    if proba_out is not None:
        proba_idx = outputs.index(proba_out)
        if str(proba_out.type).startswith("seq(map"):
            # ZipMap output: a list of {class: probability}; classes come from the first run
            def matrix(raw: Any) -> Array:
                if not raw:
                    return np.empty((0, 0))
                keys = list(raw[0].keys())
                if loaded.classes is None:
                    loaded.classes = [k.item() if isinstance(k, np.generic) else k for k in keys]
                return np.array([[d[k] for k in keys] for d in raw], dtype=np.float64)

        else:

            def matrix(raw: Any) -> Array:
                return np.asarray(raw, dtype=np.float64)

        def predict_score(x: Array) -> Array:
            proba = matrix(run(x)[proba_idx])
            return proba[:, 1] if proba.ndim == 2 and proba.shape[1] == 2 else proba

    loaded = LoadedModel(
        kind="onnx",
        model=session,
        feature_names=names,
        predict=predict,
        predict_score=predict_score,
        source=str(path),
        sha256=file_sha256(path),
        n_features=n_features,
        task=task,
        classes=classes,
        format="onnx",
    )
    return loaded


# --------------------------------------------------------------------------- data → feature matrix


def feature_matrix(
    model: LoadedModel, table: Any, *, features: Sequence[str] | None = None
) -> tuple[Array, list[str]]:
    """The columns of ``table`` the model reads, in the model's order, as a 2-D array.

    Parameters
    ----------
    model
        The loaded model.
    table
        A :class:`pyarrow.Table` or :class:`pandas.DataFrame`.
    features
        Column names to use when the model does not record its feature names (e.g. an ONNX graph
        with a single input); by default the model's own names.

    Returns
    -------
    (array, names)
        ``float64`` when every feature is numeric (or boolean), otherwise ``object``.

    Raises
    ------
    FeatureMismatchError
        The data lacks some of the model's features (listed), or the count differs.
    """
    df = _to_pandas(table)
    names = list(features) if features is not None else model.feature_names
    if names is not None:
        missing = [n for n in names if n not in df.columns]
        if missing:
            raise FeatureMismatchError(
                f"the data lacks {len(missing)} of the model's features: {', '.join(missing)}"
            )
        if model.n_features is not None and len(names) != model.n_features:
            raise FeatureMismatchError(
                f"the model expects {model.n_features} features, {len(names)} feature names were given"
            )
    else:
        if model.n_features is not None and df.shape[1] != model.n_features:
            raise FeatureMismatchError(
                f"the model expects {model.n_features} features and records no feature names, but the data "
                f"has {df.shape[1]} columns; pass the feature columns explicitly"
            )
        names = [str(c) for c in df.columns]
    sub = df[names]
    import pandas as pd

    numeric = all(pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t) for t in sub.dtypes)
    if numeric:
        return sub.to_numpy(dtype=np.float64, na_value=np.nan), names
    return sub.to_numpy(dtype=object), names


def _to_pandas(table: Any) -> Any:
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    to_pandas = getattr(table, "to_pandas", None)
    if callable(to_pandas):
        return to_pandas()
    raise TypeError(f"expected a pyarrow.Table or pandas.DataFrame, got {type(table).__name__}")
