"""Request and response models, imported by the entry module."""

from pydantic import BaseModel


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


def total(items: list[Item]) -> float:
    return sum(item.price for item in items)
