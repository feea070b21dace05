/**
 * The database's tables as Kysely sees them. One schema for SQLite and PostgreSQL: ids are random text,
 * times are ISO-8601 UTC strings (they sort and compare the same in both), flags are integers 0/1, and
 * span lists are JSON text, so a draft or a submission is always written as one row, whole.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'instructor' | 'learner';
export type RevealPolicy = 'after_submit' | 'after_due' | 'manual';

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	/** 1 when the password was set by an instructor and must be changed at next log-in. */
	must_change_password: Generated<number>;
	created_at: string;
}

export interface SessionsTable {
	/** Public half of the session token. */
	id: string;
	/** SHA-256 of the secret half; the secret itself is never stored. */
	secret_hash: string;
	user_id: string;
	created_at: string;
	/** Inactivity expiry, pushed forward as the session is used. */
	expires_at: string;
}

export interface ClassesTable {
	id: string;
	name: string;
	/** Null when the instructor disabled joining. */
	join_code: string | null;
	created_by: string;
	created_at: string;
}

export interface MembershipsTable {
	class_id: string;
	user_id: string;
	role: Role;
	joined_at: string;
	/** Set when an instructor removed the learner; their work is kept. */
	removed_at: string | null;
}

export interface ArticlesTable {
	id: string;
	/** All versions of one article share a lineage id; version counts from 1. */
	lineage_id: string;
	version: number;
	owner_id: string | null;
	title: string;
	byline: string | null;
	/** JSON: string[] (headline first). */
	blocks: string;
	/** The canonical text: blocks joined by "\n\n". */
	text: string;
	/** 1 when it is in the self-study practice library. */
	public: Generated<number>;
	/** A stable slug for practice URLs (unique across the latest versions). */
	slug: string | null;
	created_at: string;
	/** Set on every version except the newest of its lineage. */
	superseded_at: string | null;
	/** How many times the text was edited in place (see migration 0003). */
	text_edits: Generated<number>;
}

export interface ArticleReferencesTable {
	article_id: string;
	/** JSON: AnchoredSpan[] with notes and alsoAccept. */
	spans: string;
	revision: number;
	updated_by: string | null;
	updated_at: string;
	/** JSON: reference spans an edit of the text could not carry over, kept until dismissed (0002). */
	orphans: Generated<string>;
}

export interface AssignmentsTable {
	id: string;
	class_id: string;
	article_id: string;
	title: string;
	instructions: string;
	opens_at: string | null;
	due_at: string | null;
	/** The instructor's IANA time zone, in which the dates were entered. */
	time_zone: string;
	reveal_policy: RevealPolicy;
	revealed_at: string | null;
	threshold: number;
	half_credit: number;
	allow_late: number;
	allow_resubmit: number;
	created_by: string;
	created_at: string;
}

export interface DraftsTable {
	assignment_id: string;
	user_id: string;
	revision: number;
	/** JSON: Span[]. */
	spans: string;
	updated_at: string;
}

export interface SubmissionsTable {
	id: string;
	assignment_id: string;
	user_id: string;
	attempt: number;
	/** JSON: AnchoredSpan[] frozen at submission. */
	spans: string;
	submitted_at: string;
	late: number;
	grade_override: number | null;
	override_by: string | null;
	override_at: string | null;
	comment: string | null;
	comment_by: string | null;
	comment_at: string | null;
}

export interface PracticeAttemptsTable {
	id: string;
	user_id: string;
	article_id: string;
	/** JSON: Span[]. */
	spans: string;
	grade: number;
	created_at: string;
}

/** One log-in, sign-up or join-code attempt counted against a limit (see rate-limit.ts). */
export interface LimitAttemptsTable {
	id: string;
	/** The limit's name: 'account', 'address', 'signup-probe', 'join-user' or 'join-address'. */
	rule: string;
	/** SHA-256 (hex) of the key: the e-mail as typed, the client's address or a user id. */
	key_hash: string;
	at: string;
}

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	classes: ClassesTable;
	memberships: MembershipsTable;
	articles: ArticlesTable;
	article_references: ArticleReferencesTable;
	assignments: AssignmentsTable;
	drafts: DraftsTable;
	submissions: SubmissionsTable;
	practice_attempts: PracticeAttemptsTable;
	limit_attempts: LimitAttemptsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;
export type AssignmentUpdate = Updateable<AssignmentsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
