"""Indonesian messages for the DRF validation errors that DRF's own Indonesian catalogue lacks.

DRF ships an Indonesian catalogue of about 40 messages; the rest ("Not a valid string.", "A valid
number is required.", "Object with code=x does not exist.", ...) would reach an Indonesian user
in English. ``install()`` (called once from ``CoreConfig.ready``) replaces those defaults with
Indonesian source strings, translated to English in ``locale/en`` like every other string. Type
names (``str``, ``dict``) are left out of the messages: they mean nothing to the people reading
them. Placeholders keep DRF's names, since DRF formats the messages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, fields, relations, serializers, validators

NOT_A_LIST = _("Harus berupa daftar (list).")
EMPTY_LIST = _("Daftar ini tidak boleh kosong.")
NUMBER_TOO_LONG = _("Angka ini terlalu panjang.")

MESSAGES = {
    fields.CharField: {"invalid": _("Harus berupa teks.")},
    fields.BooleanField: {"invalid": _("Harus berupa true atau false.")},
    fields.IntegerField: {"max_string_length": NUMBER_TOO_LONG},
    fields.DecimalField: {"invalid": _("Harus berupa angka."), "max_string_length": NUMBER_TOO_LONG},
    fields.FloatField: {
        "invalid": _("Harus berupa angka."),
        "max_string_length": NUMBER_TOO_LONG,
        "overflow": _("Angka ini terlalu besar."),
    },
    fields.DateField: {"datetime": _("Harus berupa tanggal saja, tanpa jam.")},
    fields.DateTimeField: {
        "date": _("Harus berupa tanggal dan jam."),
        "make_aware": _("Waktu ini tidak ada di zona waktu {timezone}."),
        "overflow": _("Tanggal dan jam di luar jangkauan."),
    },
    fields.DictField: {"empty": _("Objek ini tidak boleh kosong.")},
    fields.FileField: {
        "invalid": _("Yang dikirim bukan berkas; kirim sebagai multipart/form-data."),
        "no_name": _("Nama berkas tidak dapat ditentukan."),
    },
    fields.ListField: {
        "not_a_list": NOT_A_LIST,
        "empty": EMPTY_LIST,
        "min_length": _("Daftar ini paling sedikit berisi {min_length} butir."),
        "max_length": _("Daftar ini paling banyak berisi {max_length} butir."),
    },
    fields.MultipleChoiceField: {"not_a_list": NOT_A_LIST},
    fields.SlugField: {
        "invalid_unicode": _("Hanya boleh berisi huruf, angka, garis bawah, atau tanda hubung."),
    },
    relations.ManyRelatedField: {"not_a_list": NOT_A_LIST, "empty": EMPTY_LIST},
    relations.PrimaryKeyRelatedField: {"incorrect_type": _("Harus berupa id (bilangan bulat).")},
    relations.SlugRelatedField: {
        "does_not_exist": _("“{value}” tidak ditemukan."),
        "invalid": _("Nilai tidak sah."),
    },
    serializers.ListSerializer: {
        "not_a_list": NOT_A_LIST,
        "empty": EMPTY_LIST,
        "min_length": _("Daftar ini paling sedikit berisi {min_length} butir."),
        "max_length": _("Daftar ini paling banyak berisi {max_length} butir."),
    },
    serializers.Serializer: {"invalid": _("Harus berupa objek JSON (nama kolom dan nilainya).")},
}


def install() -> None:
    for field_class, messages in MESSAGES.items():
        # Each class's own dict, so that a subclass with its own messages keeps them.
        field_class.default_error_messages = {**field_class.default_error_messages, **messages}
    validators.ProhibitSurrogateCharactersValidator.message = _(
        "Teks memuat karakter yang tidak sah (U+{code_point:X})."
    )
    exceptions.MethodNotAllowed.default_detail = _("Metode “{method}” tidak diizinkan di sini.")
    exceptions.ParseError.default_detail = _("Isi permintaan tidak dapat dibaca.")
    exceptions.ValidationError.default_detail = _("Masukan tidak sah.")
    exceptions.Throttled.extra_detail_singular = _("Coba lagi dalam {wait} detik.")
    exceptions.Throttled.extra_detail_plural = _("Coba lagi dalam {wait} detik.")
