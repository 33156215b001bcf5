CREATE TABLE "conviction_offences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conviction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"offence_id" text,
	"description" text,
	"offence_date" date,
	"offence_date_from" date,
	"offence_date_to" date,
	"victim_age" integer,
	"victim_age_under" integer,
	"sexual_gratification" boolean,
	"disposal_type" text NOT NULL,
	"months" integer,
	"weeks" integer,
	"days" integer,
	"consecutive" boolean DEFAULT false NOT NULL,
	"overlap" jsonb,
	"release_date" date,
	"licence_end_date" date,
	"order_end_date" date
);
--> statement-breakpoint
CREATE TABLE "convictions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"date" date NOT NULL,
	"type" text NOT NULL,
	"court" text DEFAULT 'england_wales' NOT NULL,
	"sentence_date" date,
	"notification_order_date" date,
	"created_by" uuid,
	"created_by_api_key" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rules_version" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"decided_on" date NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conviction_offences" ADD CONSTRAINT "conviction_offences_conviction_id_convictions_id_fk" FOREIGN KEY ("conviction_id") REFERENCES "public"."convictions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conviction_offences" ADD CONSTRAINT "conviction_offences_offence_id_offences_id_fk" FOREIGN KEY ("offence_id") REFERENCES "public"."offences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "convictions" ADD CONSTRAINT "convictions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules_decisions" ADD CONSTRAINT "rules_decisions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conviction_offences_conviction_idx" ON "conviction_offences" USING btree ("conviction_id","position");--> statement-breakpoint
CREATE INDEX "convictions_person_idx" ON "convictions" USING btree ("person_id","date");--> statement-breakpoint
CREATE INDEX "rules_decisions_person_idx" ON "rules_decisions" USING btree ("person_id","kind","decided_at");