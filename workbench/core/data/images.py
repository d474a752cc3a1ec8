"""Reading image files: what counts as an image, checking one cheaply, opening it in a fixed colour mode.

Everything that can go wrong with a user's file (empty, truncated, not an
image at all, a decompression bomb, an odd mode) ends here as an
`ImageProblem` with a short reason, so scans can skip and count instead of
crashing.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from workbench.core.i18n import _

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm",
                              ".pgm", ".pbm"})
GRAY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "F"})


class ImageProblem(Exception):
    """A file that cannot be used as an image; str() is the short reason."""


def is_image_name(path: str | Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_EXTENSIONS


def check_image(path: str | Path) -> str:
    """Cheap validity check (header and structure, no full decode); returns the image's PIL mode."""
    return inspect_image(path)[0]


def inspect_image(path: str | Path) -> tuple[str, tuple[int, int]]:
    """`check_image`, returning the PIL mode and the (width, height) the header gives."""
    from PIL import Image

    try:
        if Path(path).stat().st_size == 0:
            raise ImageProblem(_("empty file (0 bytes)"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # PIL's notes on odd metadata: not the user's concern
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                mode, size = img.mode, img.size
                img.verify()
        return mode, size
    except ImageProblem:
        raise
    except Image.DecompressionBombError as e:
        raise ImageProblem(_("too large to decode safely ({reason})").format(reason=_short(e))) from None
    except Image.DecompressionBombWarning as e:
        raise ImageProblem(_("too large to decode safely ({reason})").format(reason=_short(e))) from None
    except Image.UnidentifiedImageError:
        raise ImageProblem(_("not an image PIL can read")) from None
    except PermissionError:
        raise ImageProblem(_("permission denied")) from None
    except Exception as e:  # PIL raises many types for broken files; all mean the same here
        raise ImageProblem(_("corrupt image ({reason})").format(reason=_short(e))) from None


def open_image(path: str | Path, mode: str = "RGB"):
    """Fully decode ``path`` into a PIL image in ``mode`` ("RGB" or "L"). Raises ImageProblem."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # PIL's notes on odd metadata: not the user's concern
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.seek(0)  # animated files: the first frame
                img.load()
                return to_mode(img, mode)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageProblem(_("too large to decode safely ({reason})").format(reason=_short(e))) from None
    except Image.UnidentifiedImageError:
        raise ImageProblem(_("not an image PIL can read")) from None
    except PermissionError:
        raise ImageProblem(_("permission denied")) from None
    except Exception as e:
        raise ImageProblem(_("corrupt image ({reason})").format(reason=_short(e))) from None


def to_mode(img, mode: str):
    """Convert any PIL image to "RGB" or "L", handling 16-bit and float images and transparency."""
    from PIL import Image

    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        import numpy as np

        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I") and arr.max(initial=0) > 255 else 255.0
        img = Image.fromarray(np.clip(arr * (255.0 / top), 0, 255).astype(np.uint8), "L")
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent pixels become white rather than whatever colour hides under the alpha.
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    return img if img.mode == mode else img.convert(mode)


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:120]
