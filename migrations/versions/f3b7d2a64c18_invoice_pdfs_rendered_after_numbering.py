"""invoice PDFs rendered after the numbering: file ids nullable, a render claim and retry columns

Revision ID: f3b7d2a64c18
Revises: e5a1c93b7f20
Create Date: 2026-12-02 16:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = "f3b7d2a64c18"
down_revision: Union[str, Sequence[str], None] = "e5a1c93b7f20"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Every existing invoice already has its PDFs: only new ones can be pending."""
    with op.batch_alter_table("invoice") as batch_op:
        batch_op.alter_column("original_file_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("duplicate_file_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("render_claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("render_claimed_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("render_attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("render_error", sqlmodel.sql.sqltypes.AutoString(length=300), server_default="", nullable=False))


def downgrade() -> None:
    """Refused while an invoice is pending (its file ids are empty)."""
    with op.batch_alter_table("invoice") as batch_op:
        batch_op.drop_column("render_error")
        batch_op.drop_column("render_attempts")
        batch_op.drop_column("render_claimed_until")
        batch_op.drop_column("render_claimed_by")
        batch_op.alter_column("duplicate_file_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("original_file_id", existing_type=sa.Integer(), nullable=False)
