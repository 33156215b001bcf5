CREATE TABLE "conditions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"order_id" uuid,
	"kind" text NOT NULL,
	"wording" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "home_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"officer_ids" uuid[] NOT NULL,
	"seen" boolean NOT NULL,
	"others_present" text,
	"concerns" text,
	"follow_up" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people_at_risk" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"source" text,
	"verified" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"corrects" uuid,
	"corrected_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"linked_person_id" uuid,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "reactive_management" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"started_on" date NOT NULL,
	"reason" text NOT NULL,
	"started_by" uuid,
	"ended_on" date,
	"end_reason" text,
	"ended_by" uuid
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"tool" text NOT NULL,
	"assessed_on" date NOT NULL,
	"assessor_name" text,
	"assessor_user_id" uuid,
	"data" jsonb NOT NULL,
	"band" text,
	"next_due_on" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_plan_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"pillar" text NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"owner_agency_id" uuid,
	"review_on" date
);
--> statement-breakpoint
CREATE TABLE "risk_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"review_on" date,
	"visit_interval_months" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"condition_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"circle" jsonb,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_order_id_person_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."person_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people_at_risk" ADD CONSTRAINT "people_at_risk_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people_at_risk" ADD CONSTRAINT "people_at_risk_linked_person_id_people_id_fk" FOREIGN KEY ("linked_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reactive_management" ADD CONSTRAINT "reactive_management_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_plan_entries" ADD CONSTRAINT "risk_plan_entries_plan_id_risk_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."risk_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_plan_entries" ADD CONSTRAINT "risk_plan_entries_owner_agency_id_agencies_id_fk" FOREIGN KEY ("owner_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_plans" ADD CONSTRAINT "risk_plans_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_condition_id_conditions_id_fk" FOREIGN KEY ("condition_id") REFERENCES "public"."conditions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conditions_person_idx" ON "conditions" USING btree ("person_id","kind");--> statement-breakpoint
CREATE INDEX "home_visits_person_idx" ON "home_visits" USING btree ("person_id","visited_on");--> statement-breakpoint
CREATE INDEX "people_at_risk_person_idx" ON "people_at_risk" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "reactive_management_person_idx" ON "reactive_management" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "risk_assessments_person_idx" ON "risk_assessments" USING btree ("person_id","tool","assessed_on");--> statement-breakpoint
CREATE INDEX "risk_plan_entries_plan_idx" ON "risk_plan_entries" USING btree ("plan_id","pillar","position");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_plans_person_number_idx" ON "risk_plans" USING btree ("person_id","number");--> statement-breakpoint
CREATE INDEX "zones_person_idx" ON "zones" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "zones_updated_idx" ON "zones" USING btree ("updated_at");