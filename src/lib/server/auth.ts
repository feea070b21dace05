export interface SessionUser {
	id: string;
	email: string;
	name: string;
}
