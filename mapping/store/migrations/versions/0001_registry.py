"""The registry: published versions and their clusters.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the versions and clusters tables."""
    op.create_table(
        "versions",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("base_number", sa.Integer(), nullable=True),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("n_read", sa.Integer(), nullable=False),
        sa.Column("n_valid", sa.Integer(), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("n_added", sa.Integer(), nullable=False),
        sa.Column("n_removed", sa.Integer(), nullable=False),
        sa.Column("n_changed", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_versions_positive_number")),
        sa.CheckConstraint(
            "mode IN ('seed', 'replace', 'partial', 'rollback')", name=op.f("ck_versions_mode")
        ),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_versions")),
    )
    op.create_table(
        "clusters",
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cluster_id", sa.Text(), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_number"],
            ["versions.number"],
            name=op.f("fk_clusters_version_number_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_number", "position", name=op.f("pk_clusters")),
        sa.UniqueConstraint(
            "version_number", "cluster_id", name=op.f("uq_clusters_version_number")
        ),
    )


def downgrade() -> None:
    """Drop the versions and clusters tables."""
    op.drop_table("clusters")
    op.drop_table("versions")
