/**
 * A class for a load run: an instructor signed up through the real form, a class and an assignment on
 * the public sample article made through the real forms, and N learners put straight into the database
 * (users with one shared argon2id hash, learner memberships, and a session each, stored the way
 * src/lib/server/auth.ts stores them: token `<id>.<secret>`, SHA-256 of the secret in hex), so a run of
 * 1,000 learners does not spend a minute and a half in argon2.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { Client } from '../../helpers/http';
import { createAssignment, createClass } from '../../helpers/classroom';
import type { Direct } from './direct';

export const PASSWORD = 'load test password';
export const SESSION_COOKIE = 'newsmark_session';
const ARGON2 = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };
const DAY = 86_400_000;

export interface LearnerAccount {
	index: number;
	id: string;
	email: string;
	/** The session token (the cookie's value). */
	token: string;
}

export interface LoadClass {
	teacher: Client;
	classId: string;
	joinCode: string;
	assignmentId: string;
	articleText: string;
	learners: LearnerAccount[];
}

const randomId = (bytes: number) => encodeBase32LowerCaseNoPadding(randomBytes(bytes));

/** Makes the instructor, class and assignment through `baseUrl` (a running server on `direct`'s DB). */
export async function setUpClass(
	baseUrl: string,
	direct: Direct,
	learners: number,
	assignmentUrl = baseUrl
): Promise<LoadClass> {
	const teacher = new Client(baseUrl);
	const signup = await teacher.form('/signup', {
		name: 'Load Instructor',
		email: 'load-instructor@example.test',
		password: PASSWORD
	});
	if (signup.status !== 303) throw new Error(`instructor sign-up: ${signup.status}`);
	const classId = await createClass(teacher, 'Load test class');
	const [{ join_code }] = await direct.all<{ join_code: string }>(
		'select join_code from classes where id = ?',
		[classId]
	);
	const [article] = await direct.all<{ id: string; text: string }>(
		"select id, text from articles where slug = 'g20-syria-talks' and public = 1 and superseded_at is null"
	);
	if (!article) throw new Error('the public sample article g20-syria-talks is missing');
	// The assignment may be made through another server than the class (two-servers: the session works there).
	const viaOther = new Client(assignmentUrl);
	teacher.cookies.forEach((v, k) => viaOther.cookies.set(k, v));
	const assignmentId = await createAssignment(viaOther, classId, {
		articleId: article.id,
		title: 'Load test: who says so?',
		revealPolicy: 'after_submit',
		threshold: '0.5',
		timeZone: 'UTC'
	});
	return {
		teacher,
		classId,
		joinCode: join_code,
		assignmentId,
		articleText: article.text,
		learners: await addLearners(direct, classId, learners, 0)
	};
}

/** Inserts `count` learners of the class, each with a live session; their index starts at `from`. */
export async function addLearners(
	direct: Direct,
	classId: string,
	count: number,
	from: number
): Promise<LearnerAccount[]> {
	const passwordHash = await hash(PASSWORD, ARGON2);
	const now = new Date();
	const iso = now.toISOString();
	const expires = new Date(now.getTime() + 30 * DAY).toISOString();
	const out: LearnerAccount[] = [];
	const users: unknown[][] = [];
	const members: unknown[][] = [];
	const sessions: unknown[][] = [];
	for (let i = from; i < from + count; i++) {
		const id = randomId(15);
		const email = `load-learner-${i}@example.test`;
		const sessionId = randomId(15);
		const secret = randomId(20);
		users.push([id, email, `Load Learner ${i}`, passwordHash, 0, iso]);
		members.push([classId, id, 'learner', iso, null]);
		sessions.push([sessionId, createHash('sha256').update(secret).digest('hex'), id, iso, expires]);
		out.push({ index: i, id, email, token: `${sessionId}.${secret}` });
	}
	await direct.insertMany(
		'users',
		['id', 'email', 'name', 'password_hash', 'must_change_password', 'created_at'],
		users
	);
	await direct.insertMany(
		'memberships',
		['class_id', 'user_id', 'role', 'joined_at', 'removed_at'],
		members
	);
	await direct.insertMany(
		'sessions',
		['id', 'secret_hash', 'user_id', 'created_at', 'expires_at'],
		sessions
	);
	return out;
}

/** A client holding a learner's inserted session. */
export function learnerClient(baseUrl: string, learner: LearnerAccount): Client {
	const c = new Client(baseUrl);
	c.cookies.set(SESSION_COOKIE, learner.token);
	return c;
}

/**
 * Checks the set-up through the real server: an inserted session reads its draft (revision 0), and an
 * inserted account logs in through the real log-in form with the shared password.
 */
export async function checkSetUp(baseUrl: string, cls: LoadClass): Promise<void> {
	const first = cls.learners[0];
	const r = await learnerClient(baseUrl, first).get(`/api/assignments/${cls.assignmentId}/draft`);
	if (r.status !== 200 || JSON.parse(r.text).revision !== 0) {
		throw new Error(`an inserted session does not work: ${r.status} ${r.text.slice(0, 300)}`);
	}
	const last = cls.learners[cls.learners.length - 1];
	const login = await new Client(baseUrl).login(last.email, PASSWORD);
	if (login.status !== 303) throw new Error(`an inserted account cannot log in: ${login.status}`);
}
