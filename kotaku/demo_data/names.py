"""Indonesian-sounding place and group names for synthetic data (fictional: words, not real places)."""

import random

PLACE_HEADS = [
    "Air",
    "Batu",
    "Bukit",
    "Gunung",
    "Kampung",
    "Karang",
    "Koto",
    "Kuala",
    "Labuhan",
    "Lubuk",
    "Muara",
    "Padang",
    "Pasir",
    "Pulau",
    "Rawa",
    "Sei",
    "Simpang",
    "Sungai",
    "Tanah",
    "Tanjung",
    "Teluk",
    "Ujung",
]
PLACE_TAILS = [
    "Agung",
    "Asri",
    "Baru",
    "Bening",
    "Cempaka",
    "Damai",
    "Harapan",
    "Indah",
    "Jaya",
    "Kencana",
    "Lestari",
    "Makmur",
    "Mekar",
    "Melati",
    "Mulya",
    "Murni",
    "Permai",
    "Raya",
    "Rejo",
    "Sari",
    "Sejahtera",
    "Sentosa",
    "Subur",
    "Tengah",
    "Timur",
    "Utara",
    "Barat",
    "Selatan",
    "Wangi",
]
PROVINCE_WORDS = [
    "Nusa",
    "Bumi",
    "Tanah",
    "Kepulauan",
    "Pesisir",
    "Dataran",
    "Lembah",
    "Selat",
]
LOCATION_KINDS = [
    "Kampung Nelayan",
    "Bantaran Sungai",
    "Pesisir",
    "Pelantar",
    "Kampung",
    "Lorong",
    "Gang",
    "Tepian",
    "Kolong Jembatan",
    "Pasar",
]


def place(rng: random.Random) -> str:
    return f"{rng.choice(PLACE_HEADS)} {rng.choice(PLACE_TAILS)}"


def province(rng: random.Random) -> str:
    return f"{rng.choice(PROVINCE_WORDS)} {rng.choice(PLACE_TAILS)}"


def location(rng: random.Random, kelurahan: str) -> str:
    return f"{rng.choice(LOCATION_KINDS)} {kelurahan.split(' ', 1)[-1]}"


def ksm(rng: random.Random, number: int) -> str:
    return f"KSM {rng.choice(PLACE_TAILS)} {number}"
