ALTER TABLE `analyses` ADD `start_deferred` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `start_deferred` integer;