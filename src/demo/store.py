"""The demo store 上海南京路店 (SH01): who it is, its tills, staff and catalogue.

:func:`create_store` writes the store, its two tills (this app is till 2), four staff
members and about sixty products; :func:`load_demo_store` reads them back as the plain
:class:`DemoStore` the sales generator works from.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import DEMO_STORE_TOKEN as DEMO_STORE_TOKEN
from ..db.models import AppSetting, Product, Staff, Store, Till
from ..domain.codes import Role

STORE_CODE = "SH01"
STORE_NAME = "上海南京路店"
STORE_PHONE = "021-6321 8888"
STORE_ADDRESS = "上海市黄浦区南京东路 300 号 1 楼"
THIS_TILL = 2  # the till this app runs as in the demo
OTHER_TILL = 1  # where the earlier returns were made
# The demo head office (``aftersales-headoffice serve --demo``) enrols SH01 with this token,
# and a demo till that has not been set up otherwise sends there: demo only, not a secret
# (the token is the contract's, as head office takes it only when started as the demo).
DEMO_HEAD_OFFICE_URL = "http://127.0.0.1:8700"
# The demo till's install id (sync.identity), fixed like its token: a demo till whose data
# was reset still holds till 2 at the demo head office, instead of being refused as another
# computer.
DEMO_INSTALL_ID = "00000000-0000-4000-8000-00000000d302"
DEFECT_BATCH = "B2607-02"  # the known bad batch: 修身牛仔裤 in black, seams split

# Opening hours, store time: 10:00 to 22:00.
OPEN_S = 10 * 3600
CLOSE_S = 22 * 3600

HYGIENE_CATEGORIES = frozenset({"underwear", "swimwear"})
CATEGORIES = ("tops", "trousers", "dresses", "outerwear", "underwear", "swimwear", "accessories")
FREE_SIZE = "均码"


@dataclass(frozen=True, slots=True)
class DemoStaff:
    staff_no: str
    name: str
    role: Role
    pin: str


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("1001", "李娜", Role.CASHIER, "1111"),
    DemoStaff("1002", "张伟", Role.CASHIER, "2222"),
    DemoStaff("9001", "王芳", Role.MANAGER, "9999"),
    DemoStaff("9002", "陈静", Role.MANAGER, "8888"),
)
DEMO_CASHIER_NO = "1001"  # the demo app signs in as 李娜


# -- the catalogue ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    code: str
    name: str
    category: str
    price_fen: int
    colours: tuple[tuple[str, str], ...]  # (colour, batch)
    sizes: tuple[str, ...]
    popularity: int  # relative share of sales
    final_sale: bool = False  # 清仓


_COLOUR_CODES = {
    "黑色": "BLK",
    "白色": "WHT",
    "藏青": "NVY",
    "米色": "BEI",
    "浅蓝": "LBL",
    "深蓝": "DBL",
    "卡其": "KHK",
    "酒红": "WIN",
    "驼色": "CAM",
    "肤色": "NUD",
    "灰色": "GRY",
    "棕色": "BRN",
    "混色": "MIX",
}

# One style per entry: code, name, category, price in fen, (colour, production batch) pairs,
# sizes, popularity, and whether it is on clearance. Every style comes in more than one
# size or colour, so an exchange for another size or colour is always possible.
# fmt: off
_STYLES: tuple[_Style, ...] = (
    _Style("TS001", "纯棉圆领T恤", "tops", 7900,
           (("黑色", "B2608-03"), ("白色", "B2608-04")), ("S", "M", "L", "XL"), 30),
    _Style("SH002", "牛津纺长袖衬衫", "tops", 25900,
           (("白色", "B2607-05"), ("浅蓝", "B2607-06")), ("M", "L", "XL"), 14),
    _Style("KN003", "羊绒针织开衫", "tops", 129900,
           (("米色", "B2609-01"), ("藏青", "B2609-02")), ("M", "L"), 3),
    _Style("JN011", "修身牛仔裤", "trousers", 39900,
           (("深蓝", "B2608-01"), ("黑色", DEFECT_BATCH)), ("S", "M", "L"), 16),
    _Style("PT012", "休闲九分裤", "trousers", 15900,
           (("卡其", "B2605-03"), ("黑色", "B2605-04")), ("M", "L"), 8, final_sale=True),
    _Style("DR021", "真丝连衣裙", "dresses", 159900,
           (("藏青", "B2606-02"), ("酒红", "B2606-03")), ("S", "M"), 3),
    _Style("DR022", "碎花雪纺连衣裙", "dresses", 19900,
           (("米色", "B2604-07"),), ("S", "M", "L"), 6, final_sale=True),
    _Style("CT031", "双面羊毛大衣", "outerwear", 299900,
           (("驼色", "B2609-05"), ("黑色", "B2609-06")), ("M", "L"), 2),
    _Style("JK032", "轻薄羽绒服", "outerwear", 69900,
           (("黑色", "B2609-08"), ("藏青", "B2609-09")), ("M", "L", "XL"), 8),
    _Style("UW041", "蕾丝文胸", "underwear", 16900,
           (("黑色", "B2607-11"), ("肤色", "B2607-12")), ("S", "M"), 7),
    _Style("UW042", "纯棉内裤三条装", "underwear", 5900,
           (("混色", "B2608-13"),), ("M", "L", "XL"), 9),
    _Style("SW051", "连体泳衣", "swimwear", 29900,
           (("黑色", "B2605-08"), ("藏青", "B2605-09")), ("S", "M"), 4),
    _Style("AC061", "羊绒围巾", "accessories", 49900,
           (("米色", "B2609-14"), ("灰色", "B2609-15"), ("酒红", "B2609-16")), (FREE_SIZE,), 7),
    _Style("AC062", "真皮腰带", "accessories", 19900,
           (("黑色", "B2606-17"), ("棕色", "B2606-18")), (FREE_SIZE,), 6),
    _Style("AC063", "棒球帽", "accessories", 6900,
           (("黑色", "B2604-19"), ("白色", "B2604-20")), (FREE_SIZE,), 5, final_sale=True),
)
# fmt: on
POPULARITY = {s.code: s.popularity for s in _STYLES}  # relative share of sales, by style


def _sku(style: str, colour: str, size: str) -> str:
    return f"{style}-{_COLOUR_CODES[colour]}-{'F' if size == FREE_SIZE else size}"


@dataclass(frozen=True, slots=True)
class DemoItem:
    """A product as the sales generator needs it."""

    id: int
    sku: str
    style_code: str
    category: str
    price_fen: int
    final_sale: bool
    hygiene: bool
    batch: str


@dataclass(frozen=True, slots=True)
class DemoStore:
    """The demo store's reference data, as the sales generator needs it."""

    store_id: int
    staff_ids: dict[str, int]  # by staff number
    items: tuple[DemoItem, ...]


# -- the store -------------------------------------------------------------------------


def create_store(session: Session) -> DemoStore:
    """Write the store, its tills, staff (PINs hashed with Argon2id), catalogue and this
    till's settings into an empty database; the caller commits."""
    store = Store(code=STORE_CODE, name=STORE_NAME, phone=STORE_PHONE, address=STORE_ADDRESS)
    session.add(store)
    session.flush()
    session.add_all(
        [Till(store_id=store.id, till_no=n, name=f"{n}号收银台") for n in (OTHER_TILL, THIS_TILL)]
    )
    hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
    staff = [
        Staff(
            store_id=store.id,
            staff_no=m.staff_no,
            name=m.name,
            role=m.role.value,
            pin_hash=hasher.hash(m.pin),
            active=True,
        )
        for m in DEMO_STAFF
    ]
    products = [
        Product(
            sku=_sku(st.code, colour, size),
            style_code=st.code,
            name=st.name,
            colour=colour,
            size=size,
            category=st.category,
            batch=batch,
            price_fen=st.price_fen,
            final_sale=st.final_sale,
            hygiene=st.category in HYGIENE_CATEGORIES,
        )
        for st in _STYLES
        for colour, batch in st.colours
        for size in st.sizes
    ]
    session.add_all(staff)
    session.add_all(products)
    session.add_all(
        [
            AppSetting(key="store_code", value=STORE_CODE),
            AppSetting(key="till_no", value=str(THIS_TILL)),
            AppSetting(key="install_id", value=DEMO_INSTALL_ID),
            AppSetting(key="demo", value="1"),
        ]
    )
    session.flush()
    return DemoStore(
        store_id=store.id,
        staff_ids={s.staff_no: s.id for s in staff},
        items=tuple(_item(p) for p in products),
    )


def _item(p: Product) -> DemoItem:
    return DemoItem(
        p.id, p.sku, p.style_code, p.category, p.price_fen, p.final_sale, p.hygiene, p.batch
    )


def load_demo_store(session: Session) -> DemoStore:
    """The demo store's reference data, read back from a seeded database."""
    store_id = session.scalar(select(Store.id).where(Store.code == STORE_CODE))
    if store_id is None:
        raise LookupError(f"no store {STORE_CODE}: seed the demo first")
    staff = dict(session.execute(select(Staff.staff_no, Staff.id).order_by(Staff.id)).all())
    items = tuple(_item(p) for p in session.scalars(select(Product).order_by(Product.id)))
    return DemoStore(store_id, staff, items)
