"""queue keyset indexes (status, submitted_at, id), a card's re-shipping requests, login attempts and session purge

Revision ID: e5a1c93b7f20
Revises: 12251bd04c42
Create Date: 2026-12-02 15:50:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "e5a1c93b7f20"
down_revision: Union[str, Sequence[str], None] = "12251bd04c42"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The statuses of « À instruire (tous) » when this migration was written (domain.request_flow.TO_INSTRUCT).
TO_INSTRUCT_SQL = (
    "status IN ('sent', 'info_sent', 'in_review', 'info_requested', 'awaiting_card', 'analysis')"
)


def upgrade() -> None:
    """Create the composite indexes; the login-attempt ones replace the single-column ones."""
    op.create_index("ix_cardrequest_status_submitted", "cardrequest", ["status", "submitted_at", "id"])
    op.create_index("ix_cardrequest_to_instruct", "cardrequest", ["submitted_at", "id"],
                    sqlite_where=sa.text(TO_INSTRUCT_SQL), postgresql_where=sa.text(TO_INSTRUCT_SQL))  # fmt: skip
    op.create_index("ix_cardrequest_old_card", "cardrequest", ["old_card_id", "kind"])
    op.create_index("ix_driver_status_submitted", "driver", ["status", "submitted_at", "id"])
    op.create_index("ix_loginattempt_ip_at", "loginattempt", ["ip", "at"])
    op.create_index("ix_loginattempt_email_at", "loginattempt", ["email", "at"])
    op.drop_index("ix_loginattempt_ip", table_name="loginattempt")
    op.drop_index("ix_loginattempt_email", table_name="loginattempt")
    op.create_index("ix_authsession_created_at", "authsession", ["created_at"])


def downgrade() -> None:
    """Back to the single-column indexes."""
    op.drop_index("ix_authsession_created_at", table_name="authsession")
    op.create_index("ix_loginattempt_email", "loginattempt", ["email"])
    op.create_index("ix_loginattempt_ip", "loginattempt", ["ip"])
    op.drop_index("ix_loginattempt_email_at", table_name="loginattempt")
    op.drop_index("ix_loginattempt_ip_at", table_name="loginattempt")
    op.drop_index("ix_driver_status_submitted", table_name="driver")
    op.drop_index("ix_cardrequest_old_card", table_name="cardrequest")
    op.drop_index("ix_cardrequest_to_instruct", table_name="cardrequest")
    op.drop_index("ix_cardrequest_status_submitted", table_name="cardrequest")
