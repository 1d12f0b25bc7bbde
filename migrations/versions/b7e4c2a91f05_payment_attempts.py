"""payment attempts: number and start of the attempt in progress (reconciliation)

Revision ID: b7e4c2a91f05
Revises: d125dd1e3b43
Create Date: 2026-11-27 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401


# revision identifiers, used by Alembic.
revision: str = 'b7e4c2a91f05'
down_revision: Union[str, Sequence[str], None] = 'd125dd1e3b43'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('processing_since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_column('processing_since')
        batch_op.drop_column('attempts')
