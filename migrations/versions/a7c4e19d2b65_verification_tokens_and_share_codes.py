"""verification tokens of certificates and cards, their check log, share codes and their view log

Revision ID: a7c4e19d2b65
Revises: f3b7d2a64c18
Create Date: 2026-12-02 18:30:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "a7c4e19d2b65"
down_revision: Union[str, Sequence[str], None] = "f3b7d2a64c18"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    """Four new tables; existing documents get their token when first shown (cards) or never (old certificates)."""
    op.create_table(
        "verificationtoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _S(length=12), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("salt", _S(length=32), nullable=False),
        sa.Column("token_hash", _S(length=64), nullable=False),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("revoked_at", _T(), nullable=True),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"]),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
        sa.ForeignKeyConstraint(["driver_id"], ["driver.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_id"),
        sa.UniqueConstraint("card_id"),
    )
    op.create_index("ix_verificationtoken_driver_id", "verificationtoken", ["driver_id"])
    op.create_index("ix_verificationtoken_token_hash", "verificationtoken", ["token_hash"], unique=True)
    op.create_table(
        "verificationcheck",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("at", _T(), nullable=False),
        sa.Column("outcome", _S(length=20), nullable=False),
        sa.Column("state", _S(length=20), nullable=False),
        sa.ForeignKeyConstraint(["token_id"], ["verificationtoken.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_verificationcheck_token_id", "verificationcheck", ["token_id"])
    op.create_table(
        "sharecode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", _S(length=32), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", _S(length=64), nullable=False),
        sa.Column("hint", _S(length=4), nullable=False),
        sa.Column("created_at", _T(), nullable=False),
        sa.Column("expires_at", _T(), nullable=False),
        sa.Column("revoked_at", _T(), nullable=True),
        sa.ForeignKeyConstraint(["driver_id"], ["driver.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sharecode_public_id", "sharecode", ["public_id"], unique=True)
    op.create_index("ix_sharecode_driver_id", "sharecode", ["driver_id"])
    op.create_index("ix_sharecode_code_hash", "sharecode", ["code_hash"], unique=True)
    op.create_table(
        "shareview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share_code_id", sa.Integer(), nullable=False),
        sa.Column("at", _T(), nullable=False),
        sa.ForeignKeyConstraint(["share_code_id"], ["sharecode.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shareview_share_code_id", "shareview", ["share_code_id"])


def downgrade() -> None:
    """Drops the four tables (every QR code printed so far then reads « Titre introuvable »)."""
    op.drop_index("ix_shareview_share_code_id", table_name="shareview")
    op.drop_table("shareview")
    for name in ("ix_sharecode_code_hash", "ix_sharecode_driver_id", "ix_sharecode_public_id"):
        op.drop_index(name, table_name="sharecode")
    op.drop_table("sharecode")
    op.drop_index("ix_verificationcheck_token_id", table_name="verificationcheck")
    op.drop_table("verificationcheck")
    op.drop_index("ix_verificationtoken_token_hash", table_name="verificationtoken")
    op.drop_index("ix_verificationtoken_driver_id", table_name="verificationtoken")
    op.drop_table("verificationtoken")
