"""Sample documents, and the checks a person would make on a printed PDF.

Imported by the printing tests and their conftest (pytest puts this folder on
``sys.path``; the module name is unique to keep it from clashing with other folders').

The checks use the same tools a support engineer would reach for: poppler's
``pdftotext``/``pdffonts``/``pdfinfo``/``pdftoppm`` to read the file back, and zxing-cpp
to scan the rendered page like a barcode scanner would.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import zxingcpp
from PIL import Image

from aftersales.printing.customer_receipt import CustomerReceiptData, CustomerReceiptLine
from aftersales.printing.receipts import ReceiptDoc, ReceiptDocLine
from aftersales.printing.slip import SlipData, SlipLine

MM = 72 / 25.4  # points per millimetre
CST = timezone(timedelta(hours=8), "CST")

_XHTML = "{http://www.w3.org/1999/xhtml}"


# -- reading PDFs back -----------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word as ``pdftotext -bbox`` places it (points, origin at the top left)."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class PageBox:
    width: float
    height: float


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


@dataclass(frozen=True)
class Scan:
    """A decoded barcode and the size of the picture it was found in (pixels)."""

    format: str
    text: str
    left: int
    right: int
    top: int
    bottom: int


class Pdf:
    """poppler and zxing-cpp, wrapped for assertions."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    @staticmethod
    def _run(*args: str) -> str:
        result = subprocess.run(args, capture_output=True, check=True, timeout=60)
        return result.stdout.decode("utf-8")

    def text(self, path: Path, *, layout: bool = False, page: int | None = None) -> str:
        args = ["pdftotext", "-enc", "UTF-8"]
        if layout:
            args.append("-layout")
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        return self._run(*args, str(path), "-")

    def words(self, path: Path) -> tuple[list[PageBox], list[Word]]:
        root = ET.fromstring(self._run("pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"))
        pages: list[PageBox] = []
        words: list[Word] = []
        for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
            pages.append(PageBox(float(page.get("width", 0)), float(page.get("height", 0))))
            for w in page.iter(f"{_XHTML}word"):
                words.append(
                    Word(
                        number,
                        w.text or "",
                        float(w.get("xMin", 0)),
                        float(w.get("yMin", 0)),
                        float(w.get("xMax", 0)),
                        float(w.get("yMax", 0)),
                    )
                )
        return pages, words

    def fonts(self, path: Path) -> list[FontRow]:
        lines = self._run("pdffonts", str(path)).splitlines()
        # Columns are fixed-width; the dashes under the header give their spans.
        spans, start = [], 0
        for dashes in lines[1].split(" "):
            spans.append((start, start + len(dashes)))
            start += len(dashes) + 1
        rows = []
        for line in lines[2:]:
            cells = [line[a:b].strip() for a, b in spans]
            rows.append(
                FontRow(cells[0], cells[1], cells[3] == "yes", cells[4] == "yes", cells[5] == "yes")
            )
        return rows

    def page_sizes(self, path: Path) -> list[PageBox]:
        """Each page's MediaBox (the paper size a printer is asked for), from ``pdfinfo``."""
        info = self._run("pdfinfo", "-box", "-f", "1", "-l", "100000", str(path))
        sizes = []
        for line in info.splitlines():
            if line.startswith("Page") and "MediaBox:" in line:
                x0, y0, x1, y1 = (float(v) for v in line.split("MediaBox:")[1].split())
                sizes.append(PageBox(x1 - x0, y1 - y0))
        return sizes

    def scan(
        self,
        path: Path,
        *,
        dpi: int,
        page: int = 1,
        height_mm: float | None = None,
        png: bool = True,
    ) -> list[Scan]:
        """Render one page (or its top ``height_mm``) at ``dpi`` and decode Code128 on it.

        ``png=False`` renders a grey PGM instead: the same pixels, without the second or
        so that compressing a whole A4 page to PNG takes.
        """
        out = self.workdir / f"{path.stem}-p{page}-{dpi}"
        args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        args += ["-png"] if png else ["-gray"]
        if height_mm is not None:
            args += ["-x", "0", "-y", "0", "-W", "100000", "-H", str(round(height_mm / 25.4 * dpi))]
        self._run(*args, str(path), str(out))
        image_path = out.with_suffix(".png" if png else ".pgm")
        with Image.open(image_path) as image:
            found = zxingcpp.read_barcodes(
                image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
            )
        scans = []
        for b in found:
            xs = [
                b.position.top_left.x,
                b.position.bottom_left.x,
                b.position.top_right.x,
                b.position.bottom_right.x,
            ]
            ys = [
                b.position.top_left.y,
                b.position.bottom_left.y,
                b.position.top_right.y,
                b.position.bottom_right.y,
            ]
            scans.append(Scan(str(b.format), b.text, min(xs), max(xs), min(ys), max(ys)))
        return scans


def squash(text: str) -> str:
    """``text`` without any whitespace: wrapped lines joined back together."""
    return "".join(text.split())


# -- sample slips --------------------------------------------------------------------------

CASE_NO = "SH01-261123-02-0007"

ONE_LINE = SlipLine(
    product_name="纯棉圆领T恤",
    sku="TS-001-WHT-M",
    size="M",
    colour="白色",
    qty=1,
    problem="质量问题",
    inspection="吊牌在 · 未穿着 · 开线",
    liability="生产商",
    decision="退款",
    amount_fen=19900,
    disposition="退回供应商",
)

SHORT_REASON = "7天内无理由退货：商品吊牌完好、未穿着、未洗涤，按原支付方式全额退款。"
LONG_REASON = (
    "根据《门店售后服务政策》第三章第七条：质量问题商品自购买之日起三十日内可退可换，"
    "超过三十日仅提供免费维修；贴身衣物、特价商品及已洗涤、已穿着或吊牌缺失的商品，"
    "非质量问题不予退换。高额退款（单笔超过 ¥2,000.00）须经店长审批，退款按原支付方式"
    "原路退回，微信支付与支付宝通常于1至3个工作日到账，银联刷卡视发卡行需3至7个工作日。"
)

_DECISIONS = [
    ("退款", 29900, ""),
    ("换货", 2000, "换 TS-001-BLK-L，差价 ¥20.00"),
    ("维修", 0, "预计 2026-12-01 修好，届时短信通知顾客到店取件"),
    ("补偿", 5000, "色差轻微，顾客同意保留商品并接受补偿"),
    ("拒绝", 0, "已超过退换期限且无质量问题"),
]


DISPOSITIONS = ("退回库存", "转奥莱", "送修", "退回供应商", "销毁")


def long_lines(count: int) -> tuple[SlipLine, ...]:
    """``count`` items with long Chinese names, every kind of decision and long details."""
    lines = []
    for i in range(1, count + 1):
        decision, amount, detail = _DECISIONS[i % len(_DECISIONS)]
        lines.append(
            SlipLine(
                product_name=f"加厚保暖羊毛混纺双面呢大衣（秋冬新款宽松落肩版型）第{i}号",
                sku=f"CO-{i:03d}-NVY-XL",
                size="XL",
                colour="藏青色",
                qty=1 + i % 3,
                problem="尺码不合适" if i % 2 else "质量问题",
                inspection="吊牌在 · 已试穿 · 无污渍 · 包装完整 · 领口处轻微开线",
                liability="顾客" if i % 2 else "生产商",
                decision=decision,
                amount_fen=amount,
                detail=detail,
                disposition=DISPOSITIONS[i % len(DISPOSITIONS)],
            )
        )
    return tuple(lines)


def make_slip(lines: tuple[SlipLine, ...] = (ONE_LINE,), **changes: object) -> SlipData:
    data = SlipData(
        store_name="上海南京路店",
        store_code="SH01",
        store_phone="021-6321 8888",
        case_no=CASE_NO,
        created_at=datetime(2026, 11, 23, 14, 5, tzinfo=CST),
        cashier_name="王小美",
        customer_name="李女士",
        customer_phone_masked="138****5678",
        receipt_no="SH01-02-261123-0042",
        lines=lines,
        refund_total_fen=sum(line.amount_fen for line in lines if line.decision == "退款"),
        tender_label="微信支付",
        approver_name="张店长",
        rule_reason=SHORT_REASON,
        status_label="已完成",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


# -- sample customer receipts --------------------------------------------------------------

RESPONSE_PROMISE = "我们承诺48小时内答复您的问题"
REFUND_PROMISE = "退款将在5个工作日内退回原支付账户"
FEEDBACK = "意见反馈：021-6321 8888 或微信公众号"

RECEIPT_ONE_LINE = CustomerReceiptLine(
    product_name="纯棉圆领T恤",
    sku="TS-001-WHT-M",
    size="M",
    colour="白色",
    qty=1,
    resolution="退款",
    amount_fen=19900,
)


def receipt_lines(count: int) -> tuple[CustomerReceiptLine, ...]:
    """``count`` items with long Chinese names and every kind of resolution."""
    return tuple(
        CustomerReceiptLine(
            product_name=line.product_name,
            sku=line.sku,
            size=line.size,
            colour=line.colour,
            qty=line.qty,
            resolution=line.decision,
            amount_fen=line.amount_fen,
            detail=line.detail,
        )
        for line in long_lines(count)
    )


def make_receipt(
    lines: tuple[CustomerReceiptLine, ...] = (RECEIPT_ONE_LINE,), **changes: object
) -> CustomerReceiptData:
    data = CustomerReceiptData(
        store_name="上海南京路店",
        store_phone="021-6321 8888",
        case_no=CASE_NO,
        created_at=datetime(2026, 11, 23, 14, 5, tzinfo=CST),
        status_label="已完成",
        lines=lines,
        refunds=(
            ("微信支付", sum(line.amount_fen for line in lines if line.resolution == "退款")),
        ),
        refund_promise=REFUND_PROMISE,
        response_promise=RESPONSE_PROMISE,
        feedback=FEEDBACK,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


# -- sample receipts -----------------------------------------------------------------------


def demo_receipts() -> list[ReceiptDoc]:
    L = ReceiptDocLine
    return [
        ReceiptDoc(
            store_name="上海南京路店",
            receipt_no="SH01-02-261123-0042",
            barcode="RSH010226112300426",
            sold_at=datetime(2026, 11, 23, 14, 5, tzinfo=CST),
            tender_label="微信支付",
            total_fen=45700,
            paid_fen=41700,
            lines=(
                L("纯棉圆领T恤", "TS-001-WHT-M", "M", "白色", 2, 9900, 2000, 17800),
                L("修身弹力牛仔裤", "JN-204-BLU-30", "30", "深蓝", 1, 25900, 2000, 23900),
            ),
            situation="7天内无理由退货",
        ),
        ReceiptDoc(
            store_name="上海南京路店",
            receipt_no="SH01-01-261101-0108",
            barcode="RSH010126110101083",
            sold_at=datetime(2026, 11, 1, 10, 30, tzinfo=CST),
            tender_label="支付宝",
            total_fen=39800,
            paid_fen=29800,
            lines=(
                L(
                    "莫代尔无痕内衣套装",
                    "UW-310-BLK-L",
                    "L",
                    "黑色",
                    1,
                    19900,
                    5000,
                    14900,
                    "贴身衣物",
                ),
                L(
                    "羊毛混纺针织开衫",
                    "KN-118-GRY-M",
                    "M",
                    "灰色",
                    1,
                    19900,
                    5000,
                    14900,
                    "特价不退",
                ),
            ),
            situation="贴身衣物与特价商品：按政策应拒绝退货",
        ),
        ReceiptDoc(
            store_name="上海南京路店",
            receipt_no="SH01-03-261120-0007",
            barcode="RSH010326112000072",
            sold_at=datetime(2026, 11, 20, 19, 45, tzinfo=CST),
            tender_label="银联刷卡",
            total_fen=1299900,
            paid_fen=1299900,
            lines=(
                L("意大利进口羊绒双面呢大衣", "CO-901-CML-L", "L", "驼色", 1, 1299900, 0, 1299900),
            ),
            situation="高额（需店长审批）",
        ),
    ]
