"""An upload handler that stops storing a file once it passes the import size limit.

Django would otherwise spool a file of any size to disk before the view could look at it. With
this handler first in the chain, the bytes past the limit are read and dropped (nothing more is
kept in memory or on disk) and the view answers with a clear message.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

TOO_LARGE = "_import_upload_too_large"


class SizeLimitedUploadHandler(FileUploadHandler):
    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_large(request) -> bool:
    return bool(getattr(request, TOO_LARGE, False))
