CREATE TABLE "person_search_identifiers" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "given_norm" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "family_norm" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "full_norm" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "family_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "given_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD COLUMN "name_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "person_search_identifiers" ADD CONSTRAINT "person_search_identifiers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_search_identifiers_value_idx" ON "person_search_identifiers" USING btree ("value");--> statement-breakpoint
CREATE INDEX "person_search_identifiers_person_idx" ON "person_search_identifiers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_search_terms_name_keys_idx" ON "person_search_terms" USING gin ("name_keys");--> statement-breakpoint
CREATE INDEX "person_search_terms_family_codes_idx" ON "person_search_terms" USING gin ("family_codes");--> statement-breakpoint
CREATE INDEX "person_search_terms_dob_idx" ON "person_search_terms" USING btree ("date_of_birth");--> statement-breakpoint
CREATE INDEX "person_search_terms_full_trgm_idx" ON "person_search_terms" USING gin ("full_norm" gin_trgm_ops);--> statement-breakpoint
-- Terms written before this migration lack their phonetic keys: the search plugin rebuilds them on start-up (backfillSearchTerms).
DELETE FROM "person_search_terms";
