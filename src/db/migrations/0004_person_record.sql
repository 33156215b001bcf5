CREATE TABLE "due_items" (
	"person_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"basis" jsonb NOT NULL,
	"rules_version" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "due_items_person_id_key_pk" PRIMARY KEY("person_id","key")
);
--> statement-breakpoint
CREATE TABLE "notification_breaches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"suspected_on" date NOT NULL,
	"description" text NOT NULL,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"outcome_on" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"notified_on" date NOT NULL,
	"station" text,
	"officer_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "person_addresses" (
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
	"line1" text,
	"line2" text,
	"town" text,
	"county" text,
	"postcode" text,
	"where_found" text,
	"latitude" double precision,
	"longitude" double precision,
	"notified" boolean DEFAULT false NOT NULL,
	"notified_on" date
);
--> statement-breakpoint
CREATE TABLE "person_associates" (
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
	"relationship" text NOT NULL,
	"associate_person_id" uuid,
	"name" text,
	"date_of_birth" date,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "person_contacts" (
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
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_descriptions" (
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
	"height_cm" integer,
	"build" text,
	"hair" text,
	"eyes" text,
	"body_location" text,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "person_documents" (
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
	"number" text NOT NULL,
	"issuing_country" text,
	"issued_on" date,
	"expires_on" date
);
--> statement-breakpoint
CREATE TABLE "person_employment" (
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
	"organisation" text NOT NULL,
	"role" text,
	"address" text,
	"contact" text,
	"hours" text
);
--> statement-breakpoint
CREATE TABLE "person_financial" (
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
	"institution" text,
	"account_name" text,
	"sort_code" text,
	"account_number" text,
	"card_number" text,
	"expires" text
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kept_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"merged_by" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_by" uuid,
	"undone_at" timestamp with time zone,
	"undo_reason" text
);
--> statement-breakpoint
CREATE TABLE "person_names" (
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
	"given_name" text,
	"family_name" text,
	"date_of_birth" date
);
--> statement-breakpoint
CREATE TABLE "person_online_identities" (
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
	"platform" text,
	"identifier" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "person_orders" (
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
	"made_on" date,
	"court" text,
	"ends_on" date,
	"until_further_order" boolean DEFAULT false NOT NULL,
	"terms" text
);
--> statement-breakpoint
CREATE TABLE "person_photos" (
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
	"mime_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"taken_on" date,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "person_search_terms" (
	"person_id" uuid NOT NULL,
	"source" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date
);
--> statement-breakpoint
CREATE TABLE "person_timeline" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_api_key_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"record_type" text,
	"record_id" uuid
);
--> statement-breakpoint
CREATE TABLE "person_vehicles" (
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
	"registration" text NOT NULL,
	"make" text,
	"model" text,
	"colour" text,
	"relationship" text
);
--> statement-breakpoint
CREATE TABLE "registration_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"rationale" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"category" integer NOT NULL,
	"level" integer NOT NULL,
	"category_rationale" text,
	"level_rationale" text,
	"lead_agency_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"registered_on" date NOT NULL,
	"registered_by" uuid,
	"deregistered_on" date,
	"deregistered_by" uuid,
	"deregistration_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"from_area_code" text NOT NULL,
	"to_area_code" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "due_items" ADD CONSTRAINT "due_items_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_breaches" ADD CONSTRAINT "notification_breaches_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_addresses" ADD CONSTRAINT "person_addresses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_associates" ADD CONSTRAINT "person_associates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_associates" ADD CONSTRAINT "person_associates_associate_person_id_people_id_fk" FOREIGN KEY ("associate_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_contacts" ADD CONSTRAINT "person_contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_descriptions" ADD CONSTRAINT "person_descriptions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_documents" ADD CONSTRAINT "person_documents_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_employment" ADD CONSTRAINT "person_employment_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_financial" ADD CONSTRAINT "person_financial_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_kept_id_people_id_fk" FOREIGN KEY ("kept_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_id_people_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_names" ADD CONSTRAINT "person_names_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_online_identities" ADD CONSTRAINT "person_online_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_orders" ADD CONSTRAINT "person_orders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_photos" ADD CONSTRAINT "person_photos_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_search_terms" ADD CONSTRAINT "person_search_terms_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_timeline" ADD CONSTRAINT "person_timeline_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_vehicles" ADD CONSTRAINT "person_vehicles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_changes" ADD CONSTRAINT "registration_changes_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_lead_agency_id_agencies_id_fk" FOREIGN KEY ("lead_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_area_code_areas_code_fk" FOREIGN KEY ("from_area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_area_code_areas_code_fk" FOREIGN KEY ("to_area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "due_items_due_idx" ON "due_items" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "notification_breaches_person_idx" ON "notification_breaches" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "notification_events_person_idx" ON "notification_events" USING btree ("person_id","notified_on");--> statement-breakpoint
CREATE INDEX "person_addresses_person_idx" ON "person_addresses" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_addresses_postcode_idx" ON "person_addresses" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "person_associates_person_idx" ON "person_associates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_contacts_person_idx" ON "person_contacts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_descriptions_person_idx" ON "person_descriptions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_documents_person_idx" ON "person_documents" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_employment_person_idx" ON "person_employment" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_financial_person_idx" ON "person_financial" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_merges_kept_idx" ON "person_merges" USING btree ("kept_id");--> statement-breakpoint
CREATE INDEX "person_merges_merged_idx" ON "person_merges" USING btree ("merged_id");--> statement-breakpoint
CREATE INDEX "person_names_person_idx" ON "person_names" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_online_identities_person_idx" ON "person_online_identities" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_orders_person_idx" ON "person_orders" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_photos_person_idx" ON "person_photos" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_search_terms_person_idx" ON "person_search_terms" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_timeline_person_idx" ON "person_timeline" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "person_vehicles_person_idx" ON "person_vehicles" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_vehicles_registration_idx" ON "person_vehicles" USING btree ("registration");--> statement-breakpoint
CREATE INDEX "registration_changes_registration_idx" ON "registration_changes" USING btree ("registration_id","at");--> statement-breakpoint
CREATE INDEX "registrations_person_idx" ON "registrations" USING btree ("person_id","status");--> statement-breakpoint
CREATE INDEX "transfers_to_area_idx" ON "transfers" USING btree ("to_area_code","status");--> statement-breakpoint
CREATE INDEX "transfers_person_idx" ON "transfers" USING btree ("person_id");