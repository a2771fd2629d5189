"""The archive's HTTP routes: ``/archive/...`` commands and items, ``/registers/...`` registers."""

from fastapi import APIRouter

from api.routers.archive import access, content, documents, files, registers
from api.routers.archive.content import UPLOAD_PREFIX

router = APIRouter()
for _module in (documents, files, access, content, registers):
    router.include_router(_module.router)

__all__ = ["UPLOAD_PREFIX", "router"]
