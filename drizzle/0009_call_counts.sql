CREATE TABLE "call_counts" (
	"window_start" timestamp with time zone NOT NULL,
	"budget_key" text NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "call_counts_window_start_budget_key_pk" PRIMARY KEY("window_start","budget_key")
);
