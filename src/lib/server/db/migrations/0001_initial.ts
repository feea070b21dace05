/** The first schema: accounts, sessions, classes, articles, references, assignments, drafts, submissions. */
import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on the current schema types, which move on.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('classes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('join_code', 'text', (c) => c.unique())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('memberships')
		.addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('instructor', 'learner')`))
		.addColumn('joined_at', 'text', (c) => c.notNull())
		.addColumn('removed_at', 'text')
		.addPrimaryKeyConstraint('memberships_pk', ['class_id', 'user_id'])
		.execute();
	await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

	await db.schema
		.createTable('articles')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('lineage_id', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('owner_id', 'text', (c) => c.references('users.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('byline', 'text')
		.addColumn('blocks', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('slug', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('superseded_at', 'text')
		.addUniqueConstraint('articles_lineage_version', ['lineage_id', 'version'])
		.execute();
	await db.schema.createIndex('articles_owner').on('articles').column('owner_id').execute();
	await db.schema.createIndex('articles_slug').on('articles').column('slug').execute();

	await db.schema
		.createTable('article_references')
		.addColumn('article_id', 'text', (c) =>
			c.primaryKey().references('articles.id').onDelete('cascade')
		)
		.addColumn('spans', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id'))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('assignments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
		.addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('instructions', 'text', (c) => c.notNull())
		.addColumn('opens_at', 'text')
		.addColumn('due_at', 'text')
		.addColumn('time_zone', 'text', (c) => c.notNull())
		.addColumn('reveal_policy', 'text', (c) =>
			c.notNull().check(sql`reveal_policy in ('after_submit', 'after_due', 'manual')`)
		)
		.addColumn('revealed_at', 'text')
		.addColumn('threshold', 'double precision', (c) => c.notNull())
		.addColumn('half_credit', 'integer', (c) => c.notNull())
		.addColumn('allow_late', 'integer', (c) => c.notNull())
		.addColumn('allow_resubmit', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('assignments_class').on('assignments').column('class_id').execute();

	await db.schema
		.createTable('drafts')
		.addColumn('assignment_id', 'text', (c) =>
			c.notNull().references('assignments.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('spans', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('drafts_pk', ['assignment_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('submissions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('assignment_id', 'text', (c) =>
			c.notNull().references('assignments.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('attempt', 'integer', (c) => c.notNull())
		.addColumn('spans', 'text', (c) => c.notNull())
		.addColumn('submitted_at', 'text', (c) => c.notNull())
		.addColumn('late', 'integer', (c) => c.notNull())
		.addColumn('grade_override', 'double precision')
		.addColumn('override_by', 'text', (c) => c.references('users.id'))
		.addColumn('override_at', 'text')
		.addColumn('comment', 'text')
		.addColumn('comment_by', 'text', (c) => c.references('users.id'))
		.addColumn('comment_at', 'text')
		.addUniqueConstraint('submissions_attempt', ['assignment_id', 'user_id', 'attempt'])
		.execute();

	await db.schema
		.createTable('practice_attempts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
		.addColumn('spans', 'text', (c) => c.notNull())
		.addColumn('grade', 'double precision', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('practice_attempts_user')
		.on('practice_attempts')
		.columns(['user_id', 'article_id'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const t of [
		'practice_attempts',
		'submissions',
		'drafts',
		'assignments',
		'article_references',
		'articles',
		'memberships',
		'classes',
		'sessions',
		'users'
	]) {
		await db.schema.dropTable(t).ifExists().execute();
	}
}
